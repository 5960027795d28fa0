import { GradcamError, hasErrorCode } from './gradcam-error.js';

/**
 * The work was cancelled through its `AbortSignal` (the `signal` option of `explain` and of the metrics). The
 * signal's `reason` is the error's `cause`.
 *
 * Its `name` is `'AbortError'`, like the DOM's, so code that already treats `error.name === 'AbortError'` as a
 * cancellation (fetch, streams) treats this one the same way.
 */
export class AbortError extends GradcamError {
  constructor(reason?: unknown) {
    super('aborted', `Cancelled${describe(reason)}`, reason === undefined ? undefined : { cause: reason });
    this.name = 'AbortError';
  }

  /** True when `error` is an {@link AbortError} from any copy of the package. */
  static override isInstance(error: unknown): error is AbortError {
    return hasErrorCode(error, 'aborted');
  }
}

/** `': why'` for a reason that says why; `'.'` for none or the DOM's default (`signal.abort()` without one). */
function describe(reason: unknown): string {
  if (typeof reason === 'string' && reason.length > 0) return `: ${reason}`;
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message) return `: ${reason.message}`;
  return '.';
}

/**
 * Throws an {@link AbortError} carrying `signal.reason` when `signal` is aborted; does nothing otherwise or
 * without a signal. Long computations call it between their steps.
 *
 * @param signal - the caller's signal, if any.
 * @throws {@link AbortError} when the signal is aborted.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(signal.reason);
}
