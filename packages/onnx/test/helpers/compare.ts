/** The largest absolute difference between two arrays, and that difference relative to the expected array's peak. */
export function compareArrays(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): { maxAbs: number; relative: number; peak: number } {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} differs from the expected ${expected.length}`);
  }
  let maxAbs = 0;
  let peak = 0;
  for (let index = 0; index < actual.length; index++) {
    const difference = Math.abs(actual[index]! - expected[index]!);
    if (!(difference <= maxAbs)) maxAbs = Number.isNaN(difference) ? Number.POSITIVE_INFINITY : difference;
    peak = Math.max(peak, Math.abs(expected[index]!));
  }
  return { maxAbs, relative: maxAbs / (peak || 1), peak };
}
