const marker = 'gradcam.error';
const symbol = Symbol.for(marker);

/**
 * Base class of every error the gradcam packages throw on purpose.
 *
 * Use {@link GradcamError.isInstance} (or the subclasses' own `isInstance`) rather than `instanceof`: it works
 * across duplicate installs of the package.
 */
export class GradcamError extends Error {
  protected readonly [symbol] = true;

  /** A stable, machine-readable identifier of the kind of error, e.g. `'unknown-layer'`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GradcamError';
    this.code = code;
  }

  /** True when `error` is any gradcam error, from any copy of the package. */
  static isInstance(error: unknown): error is GradcamError {
    return (
      typeof error === 'object' && error !== null && symbol in error && (error as never)[symbol] === true
    );
  }
}

/** True when `error` is a gradcam error with the given {@link GradcamError.code}. */
export function hasErrorCode(error: unknown, code: string): error is GradcamError {
  return GradcamError.isInstance(error) && error.code === code;
}
