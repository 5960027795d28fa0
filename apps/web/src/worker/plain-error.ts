import { GradcamError } from '@gradcam/core';
import type { PlainError } from '../protocol.js';

/**
 * An error as plain data for `postMessage`: its class name, a gradcam error's `code`, and its message (or the
 * thrown value as text).
 */
export function toPlainError(error: unknown): PlainError {
  if (error instanceof Error) {
    return {
      name: error.name,
      ...(GradcamError.isInstance(error) ? { code: error.code } : {}),
      message: error.message || error.name,
    };
  }
  return { name: 'Error', message: String(error) };
}
