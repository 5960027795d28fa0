import { GradcamError, hasErrorCode } from './gradcam-error.js';

/** A tensor's shape does not fit what the model or the call expects. */
export class ShapeMismatchError extends GradcamError {
  /** The expected shape (`null` for an axis of any size), when known. */
  readonly expected: readonly (number | null)[] | undefined;
  /** The shape that was given. */
  readonly actual: readonly number[] | undefined;

  constructor(
    message: string,
    shapes: { expected?: readonly (number | null)[]; actual?: readonly number[] } = {},
  ) {
    super('shape-mismatch', message);
    this.name = 'ShapeMismatchError';
    this.expected = shapes.expected;
    this.actual = shapes.actual;
  }

  /** True when `error` is a {@link ShapeMismatchError} from any copy of the package. */
  static override isInstance(error: unknown): error is ShapeMismatchError {
    return hasErrorCode(error, 'shape-mismatch');
  }
}
