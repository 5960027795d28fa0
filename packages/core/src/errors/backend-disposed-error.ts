import { GradcamError, hasErrorCode } from './gradcam-error.js';

/** A backend was used after its `dispose()`. */
export class BackendDisposedError extends GradcamError {
  /** The name of the disposed backend. */
  readonly backend: string;

  /**
   * @param backend - the backend's name.
   * @param recreate - how to get a new one, e.g. `'createOnnxBackend()'`.
   */
  constructor(backend: string, recreate: string) {
    super('backend-disposed', `Backend "${backend}" was disposed; create a new one with ${recreate}.`);
    this.name = 'BackendDisposedError';
    this.backend = backend;
  }

  /** True when `error` is a {@link BackendDisposedError} from any copy of the package. */
  static override isInstance(error: unknown): error is BackendDisposedError {
    return hasErrorCode(error, 'backend-disposed');
  }
}
