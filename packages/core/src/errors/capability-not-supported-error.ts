import { GradcamError, hasErrorCode } from './gradcam-error.js';

/** The backend does not offer a capability the call needs (for example gradients, or a head sub-model). */
export class CapabilityNotSupportedError extends GradcamError {
  /** The capability that is missing, e.g. `'gradients'` or `'headFromActivations'`. */
  readonly capability: string;
  /** The backend's name. */
  readonly backend: string;

  constructor(capability: string, backend: string, hint?: string) {
    super(
      'capability-not-supported',
      `Backend "${backend}" does not support '${capability}'.${hint ? ` ${hint}` : ''}`,
    );
    this.name = 'CapabilityNotSupportedError';
    this.capability = capability;
    this.backend = backend;
  }

  /** True when `error` is a {@link CapabilityNotSupportedError} from any copy of the package. */
  static override isInstance(error: unknown): error is CapabilityNotSupportedError {
    return hasErrorCode(error, 'capability-not-supported');
  }
}
