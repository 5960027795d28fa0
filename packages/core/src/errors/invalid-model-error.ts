import { GradcamError, hasErrorCode } from './gradcam-error.js';

/** A model file could not be read: truncated, corrupt, or not a model of the expected format. */
export class InvalidModelError extends GradcamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid-model', message, options);
    this.name = 'InvalidModelError';
  }

  /** True when `error` is an {@link InvalidModelError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidModelError {
    return hasErrorCode(error, 'invalid-model');
  }
}
