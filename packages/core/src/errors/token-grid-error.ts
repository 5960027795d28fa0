import { GradcamError, hasErrorCode } from './gradcam-error.js';

/**
 * A token layer's tokens cannot be read as a spatial grid: the grid could not be inferred from the input's
 * size, or the `tokens` options do not fit the layer. The message says what to pass.
 */
export class TokenGridError extends GradcamError {
  /** The number of tokens of the layer. */
  readonly tokens: number;

  constructor(tokens: number, message: string) {
    super('token-grid', message);
    this.name = 'TokenGridError';
    this.tokens = tokens;
  }

  /** True when `error` is a {@link TokenGridError} from any copy of the package. */
  static override isInstance(error: unknown): error is TokenGridError {
    return hasErrorCode(error, 'token-grid');
  }
}
