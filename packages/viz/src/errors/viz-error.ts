const symbol = Symbol.for('gradcam.viz.error');

/**
 * Base class of every error `@gradcam/viz` throws on purpose.
 *
 * Use {@link VizError.isInstance} (or the subclasses' own `isInstance`) rather than `instanceof`: it also works
 * across duplicate installs of the package.
 */
export class VizError extends Error {
  /** A stable, machine-readable identifier of the kind of error, e.g. `'unknown-colormap'`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    Object.defineProperty(this, symbol, { value: true });
    this.name = 'VizError';
    this.code = code;
  }

  /** True when `error` is any `@gradcam/viz` error, from any copy of the package. */
  static isInstance(error: unknown): error is VizError {
    return (
      typeof error === 'object' && error !== null && symbol in error && (error as never)[symbol] === true
    );
  }
}

/** True when `error` is a `@gradcam/viz` error with the given {@link VizError.code}. */
export function hasVizErrorCode(error: unknown, code: string): error is VizError {
  return VizError.isInstance(error) && error.code === code;
}
