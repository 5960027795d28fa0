import { hasVizErrorCode, VizError } from './viz-error.js';

/** An argument is malformed: a size that is not a positive integer, pixel data of the wrong length, etc. */
export class InvalidArgumentError extends VizError {
  /** The name of the offending argument or option, e.g. `'alpha'` or `'image.data'`. */
  readonly argument: string;

  constructor(argument: string, message: string) {
    super('invalid-argument', message);
    this.name = 'InvalidArgumentError';
    this.argument = argument;
  }

  /** True when `error` is an {@link InvalidArgumentError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return hasVizErrorCode(error, 'invalid-argument');
  }
}
