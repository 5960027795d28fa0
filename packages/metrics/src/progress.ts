/** Counts units of work done and reports them to an optional callback. */
export interface Progress {
  /** Units of work in all. */
  readonly total: number;
  /** Units done so far. */
  readonly done: number;
  /** Records `count` more units done and reports `(done, total)`. */
  advance(count: number): void;
}

/**
 * A {@link Progress} over `total` units that calls `onProgress(done, total)` after each advance.
 *
 * @param total - units of work in all.
 * @param onProgress - the callback, if any.
 */
export function createProgress(total: number, onProgress?: (done: number, total: number) => void): Progress {
  let done = 0;
  return {
    total,
    get done() {
      return done;
    },
    advance(count: number) {
      done += count;
      onProgress?.(done, total);
    },
  };
}
