/**
 * The softmax of one sample's scores, computed stably (the largest score is subtracted first).
 *
 * @param scores - logits of one sample.
 * @returns probabilities that sum to 1, in a new array.
 * @throws {RangeError} for an empty array.
 */
export function softmax(scores: ArrayLike<number>): Float32Array {
  if (scores.length === 0) throw new RangeError('softmax needs at least one score.');
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < scores.length; index++) max = Math.max(max, scores[index]!);
  const result = new Float32Array(scores.length);
  let sum = 0;
  for (let index = 0; index < scores.length; index++) {
    const value = Math.exp(scores[index]! - max);
    result[index] = value;
    sum += value;
  }
  for (let index = 0; index < result.length; index++) result[index] = result[index]! / sum;
  return result;
}
