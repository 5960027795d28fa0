import { GradcamError, hasErrorCode } from './gradcam-error.js';

/** A class index is not an integer in `[0, numClasses)`. */
export class ClassIndexOutOfRangeError extends GradcamError {
  /** The index given. */
  readonly index: number;
  /** How many classes the model scores. */
  readonly numClasses: number;

  constructor(index: number, numClasses: number) {
    super(
      'class-index-out-of-range',
      `Class index ${index} is out of range: the model scores ${numClasses} classes (0 to ${numClasses - 1}).`,
    );
    this.name = 'ClassIndexOutOfRangeError';
    this.index = index;
    this.numClasses = numClasses;
  }

  /** True when `error` is a {@link ClassIndexOutOfRangeError} from any copy of the package. */
  static override isInstance(error: unknown): error is ClassIndexOutOfRangeError {
    return hasErrorCode(error, 'class-index-out-of-range');
  }
}
