import type { Layout } from '../tensor.js';
import { GradcamError, hasErrorCode } from './gradcam-error.js';

/** An input is in a different layout than the model takes. */
export class LayoutMismatchError extends GradcamError {
  /** The layout the model takes. */
  readonly expected: Layout;
  /** The layout given. */
  readonly actual: Layout;

  constructor(expected: Layout, actual: Layout) {
    super(
      'layout-mismatch',
      `The model takes '${expected}' input but got '${actual}'. Convert it with toLayout(tensor, '${expected}').`,
    );
    this.name = 'LayoutMismatchError';
    this.expected = expected;
    this.actual = actual;
  }

  /** True when `error` is a {@link LayoutMismatchError} from any copy of the package. */
  static override isInstance(error: unknown): error is LayoutMismatchError {
    return hasErrorCode(error, 'layout-mismatch');
  }
}
