/** One ranked class. */
export interface Prediction {
  /** Class index in the model's output. */
  readonly index: number;
  /** Its label (or `class <index>` when the labels do not cover it). */
  readonly label: string;
  /** The model's raw score (darknet-tiny: a logit). */
  readonly score: number;
  /** Softmax of the scores over all classes. */
  readonly probability: number;
}

/**
 * The `k` highest-scoring classes, best first, with softmax probabilities over all the scores.
 *
 * @param scores - one sample's scores (logits).
 * @param labels - class labels, index = class.
 * @param k - how many to return.
 */
export function topK(scores: Float32Array, labels: readonly string[], k = 5): Prediction[] {
  let max = Number.NEGATIVE_INFINITY;
  for (const score of scores) max = Math.max(max, score);
  let sum = 0;
  for (const score of scores) sum += Math.exp(score - max);
  return [...scores.keys()]
    .sort((a, b) => scores[b]! - scores[a]!)
    .slice(0, k)
    .map((index) => ({
      index,
      label: labels[index] ?? `class ${index}`,
      score: scores[index]!,
      probability: Math.exp(scores[index]! - max) / sum,
    }));
}
