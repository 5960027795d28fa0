import type { Layout, TokenLayout } from '../tensor.js';
import { GradcamError, hasErrorCode } from './gradcam-error.js';

/** An input is in a different layout than the model takes. */
export class LayoutMismatchError extends GradcamError {
  /** The layout the model (or the layer) takes. */
  readonly expected: Layout | TokenLayout;
  /** The layout given. */
  readonly actual: Layout | TokenLayout;

  constructor(expected: Layout | TokenLayout, actual: Layout | TokenLayout) {
    super(
      'layout-mismatch',
      expected === 'ntc' || actual === 'ntc'
        ? `The layer takes '${expected}' activations but got '${actual}'. A token layer takes tokens ` +
            "[batch, tokens, channels] ('ntc'); core's tokenGridBackend converts its grids back with gridToTokens."
        : `The model takes '${expected}' input but got '${actual}'. Convert it with toLayout(tensor, '${expected}').`,
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
