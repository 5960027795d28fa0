import { GradcamError, hasErrorCode } from '@gradcam/core';

/** A TensorFlow.js backend could not be set up in Node: its package is missing, or it failed to initialise. */
export class BackendSetupError extends GradcamError {
  /** The backend asked for: `'wasm'`, `'cpu'` or `'tensorflow'`. */
  readonly backend: string;

  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super('backend-setup', message, options);
    this.name = 'BackendSetupError';
    this.backend = backend;
  }

  /** True when `error` is a {@link BackendSetupError} from any copy of the package. */
  static override isInstance(error: unknown): error is BackendSetupError {
    return hasErrorCode(error, 'backend-setup');
  }
}
