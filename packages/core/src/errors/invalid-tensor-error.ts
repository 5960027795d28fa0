import { GradcamError, hasErrorCode } from './gradcam-error.js';

/**
 * A tensor's values cannot be used: its `data` is not a `Float32Array` (a `Float64Array`, a plain array), or it
 * holds NaN or an infinity. Thrown by backends before any runtime sees the tensor. (A length that does not fit
 * the shape is a {@link ShapeMismatchError}.)
 */
export class InvalidTensorError extends GradcamError {
  /** The argument at fault, e.g. `'input.data'` or `'activations.data'`. */
  readonly argument: string;
  /** What is wrong: the container type, or a value that is not finite. */
  readonly problem: 'not-float32' | 'not-finite';
  /** For `'not-finite'`, the flat index of the first such value. */
  readonly index: number | undefined;

  constructor(argument: string, problem: 'not-float32' | 'not-finite', message: string, index?: number) {
    super('invalid-tensor', message);
    this.name = 'InvalidTensorError';
    this.argument = argument;
    this.problem = problem;
    this.index = index;
  }

  /** True when `error` is an {@link InvalidTensorError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidTensorError {
    return hasErrorCode(error, 'invalid-tensor');
  }
}
