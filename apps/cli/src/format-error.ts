import { GradcamError, GradientNotSupportedError, UnknownLayerError } from '@gradcam/core';
import { VizError } from '@gradcam/viz';
import { CliError } from './cli-error.js';

/**
 * One line a person can act on, for any error: ours and the libraries' typed errors by their message, anything
 * else prefixed as unexpected.
 */
export function formatError(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (UnknownLayerError.isInstance(error)) {
    return `${error.message} (list them with: gradcam layers --model ...)`;
  }
  if (GradientNotSupportedError.isInstance(error)) {
    return `${error.message} For example: --method scorecam.`;
  }
  if (GradcamError.isInstance(error) || VizError.isInstance(error)) return error.message;
  if (error instanceof Error) return `Unexpected error: ${error.message.split('\n')[0]}`;
  return `Unexpected error: ${String(error)}`;
}
