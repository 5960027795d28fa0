/**
 * Area under a curve sampled at evenly spaced points `x_i = i / (n - 1)` of `[0, 1]`, by the trapezoid rule:
 * `(sum(y) - y_0 / 2 - y_(n-1) / 2) / (n - 1)`. This is RISE's `auc` (Petsiuk et al., BMVC 2018).
 *
 * @param curve - at least two values.
 * @throws `RangeError` for fewer than two values.
 */
export function trapezoidAuc(curve: ArrayLike<number>): number {
  const n = curve.length;
  if (n < 2) throw new RangeError(`The trapezoid rule needs at least two points, got ${n}.`);
  let sum = 0;
  for (let index = 0; index < n; index++) sum += curve[index]!;
  return (sum - curve[0]! / 2 - curve[n - 1]! / 2) / (n - 1);
}
