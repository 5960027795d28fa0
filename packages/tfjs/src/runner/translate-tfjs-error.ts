import { GradcamError, GradientNotSupportedError } from '@gradcam/core';

/**
 * Turns the errors TensorFlow.js throws while differentiating into the typed errors of `@gradcam/core`
 * (a missing gradient or a kernel the backend lacks becomes `GradientNotSupportedError`); other errors pass
 * through unchanged.
 *
 * @param error - what was thrown.
 * @param layer - the layer being explained, named in the message.
 * @param backendName - the active tfjs backend.
 */
export function translateGradientError(error: unknown, layer: string, backendName: string): unknown {
  if (GradcamError.isInstance(error) || !(error instanceof Error)) return error;
  const message = error.message;
  const missingKernel = /Kernel '([^']+)' not registered for backend '([^']+)'/.exec(message);
  if (missingKernel) {
    return withCause(
      new GradientNotSupportedError(
        missingKernel[1]!,
        layer,
        `the "${missingKernel[2]}" tfjs backend has no ${missingKernel[1]} kernel. Use the cpu or webgl backend, ` +
          'or a layer nearer the output',
      ),
      error,
    );
  }
  const missingGradient = /gradient function not found for ([^\s.]+)/i.exec(message);
  if (missingGradient) {
    return withCause(
      new GradientNotSupportedError(missingGradient[1]!, layer, 'TensorFlow.js has no gradient for it'),
      error,
    );
  }
  if (/Cannot compute gradient of y=f\(x\)/.test(message)) {
    return withCause(
      new GradientNotSupportedError(
        'a non-differentiable path',
        layer,
        `the scores do not depend differentiably on this layer in ${backendName}`,
      ),
      error,
    );
  }
  return error;
}

function withCause<T extends Error>(error: T, cause: unknown): T {
  Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  return error;
}
