import { GradcamError, hasErrorCode } from '@gradcam/core';

/** A backend was used after `dispose()`. */
export class BackendDisposedError extends GradcamError {
  constructor(backend: string) {
    super(
      'backend-disposed',
      `Backend "${backend}" was disposed; create a new one with createOnnxBackend().`,
    );
    this.name = 'BackendDisposedError';
  }

  /** True when `error` is a {@link BackendDisposedError} from any copy of the package. */
  static override isInstance(error: unknown): error is BackendDisposedError {
    return hasErrorCode(error, 'backend-disposed');
  }
}
