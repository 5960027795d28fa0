import { GradcamError, hasErrorCode } from '@gradcam/core';

/**
 * ONNX Runtime rejected a model this package generated (the gradient, forward or head model) or failed while
 * running it. The message names the model and the layer; the runtime's error is the `cause`.
 */
export class OnnxRuntimeError extends GradcamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('onnxruntime-error', message, options);
    this.name = 'OnnxRuntimeError';
  }

  /** True when `error` is an {@link OnnxRuntimeError} from any copy of the package. */
  static override isInstance(error: unknown): error is OnnxRuntimeError {
    return hasErrorCode(error, 'onnxruntime-error');
  }
}
