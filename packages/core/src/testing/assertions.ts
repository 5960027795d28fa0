/** A conformance check failed: the message says what was expected and what the backend did. */
export class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

/** Fails with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

/**
 * Fails unless `actual` and `expected` have the same length and agree to within
 * `tolerance * (1 + |expected|)` at every index. Reports the worst index.
 */
export function checkClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  what: string,
): void {
  check(
    actual.length === expected.length,
    `${what}: expected ${expected.length} values, got ${actual.length}.`,
  );
  let worstIndex = -1;
  let worstExcess = 0;
  for (let index = 0; index < actual.length; index++) {
    const a = actual[index]!;
    const e = expected[index]!;
    const excess = Math.abs(a - e) - tolerance * (1 + Math.abs(e));
    if (!(excess <= 0) && (worstIndex < 0 || !(excess <= worstExcess))) {
      worstIndex = index;
      worstExcess = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
    }
  }
  if (worstIndex >= 0) {
    throw new ConformanceError(
      `${what}: value ${worstIndex} is ${actual[worstIndex]}, expected ${expected[worstIndex]} (tolerance ${tolerance}).`,
    );
  }
}

/** Fails unless `promise` rejects with an error for which `isExpected` is true. */
export async function checkRejects(
  promise: Promise<unknown>,
  isExpected: (error: unknown) => boolean,
  what: string,
): Promise<void> {
  try {
    await promise;
  } catch (error) {
    check(
      isExpected(error),
      `${what}: rejected with the wrong error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    return;
  }
  throw new ConformanceError(`${what}: expected the call to reject, but it resolved.`);
}
