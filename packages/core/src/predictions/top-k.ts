import { softmax } from './softmax.js';

/** One ranked class of a prediction. */
export interface Prediction {
  /** Class index in the model's output. */
  readonly classIndex: number;
  /** Its label, when labels were given and cover it. */
  readonly label?: string;
  /** The model's raw score (a logit for the scores backends return). */
  readonly score: number;
  /** The softmax of the scores over all classes, at this class. */
  readonly probability: number;
}

/** Options of {@link topK}. */
export interface TopKOptions {
  /** How many classes to return. @default 5 */
  readonly k?: number;
  /** Class labels, index = class. */
  readonly labels?: readonly string[];
  /**
   * Whether the scores are already probabilities (a model that ends in softmax): then they are reported as they
   * are instead of softmaxed again. @default false
   */
  readonly probabilities?: boolean;
}

/**
 * The `k` highest-scoring classes of one sample, best first (ties: lower index first), with their softmax
 * probabilities over all the scores.
 *
 * @param scores - one sample's scores, e.g. `explanation.samples[0].scores`.
 * @param options - how many, labels.
 * @example
 * ```ts
 * const [best] = topK(sample.scores, { labels });
 * console.log(`${best.label}: ${(best.probability * 100).toFixed(1)}%`);
 * ```
 */
export function topK(scores: ArrayLike<number>, options: TopKOptions = {}): Prediction[] {
  const { k = 5, labels, probabilities = false } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}.`);
  const probability = probabilities ? Float32Array.from(scores) : softmax(scores);
  const order = Array.from({ length: scores.length }, (_, index) => index).sort(
    (a, b) => scores[b]! - scores[a]! || a - b,
  );
  return order.slice(0, k).map((classIndex) => ({
    classIndex,
    ...(labels?.[classIndex] !== undefined ? { label: labels[classIndex] } : {}),
    score: scores[classIndex]!,
    probability: probability[classIndex]!,
  }));
}
