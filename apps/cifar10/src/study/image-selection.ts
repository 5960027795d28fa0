import { SeededRandom } from '@gradcam/core';

/** What the model predicted for each image of the split. */
export interface Predictions {
  /** Per image, the true class index. */
  readonly labels: ArrayLike<number>;
  /** Per image, the predicted class index. */
  readonly predicted: ArrayLike<number>;
  /** Per image, the softmax probabilities, `classes` values each. */
  readonly probabilities: Float32Array;
  /** Number of classes. */
  readonly classes: number;
}

/** The images the study shows and measures. */
export interface ImageSelection {
  /** Every misclassified image. */
  readonly failures: number[];
  /** Per class, correctly classified images for its gallery (seeded random pick, in index order). */
  readonly gallery: number[][];
  /** Per class, its correctly classified images the model is most confident about, most confident first. */
  readonly confident: number[][];
  /** A stratified seeded sample of all images (correct or not) for the faithfulness metrics, in index order. */
  readonly metricsSample: number[];
}

/** How many images {@link selectImages} picks. */
export interface SelectionSizes {
  /** Correct images per class in its gallery. */
  readonly gallery: number;
  /** Most-confident images per class. */
  readonly confident: number;
  /** Images in the metrics sample (all images when larger than the split). */
  readonly metricsSample: number;
  /** Seed of the random picks. */
  readonly seed: number;
}

/**
 * Picks the study's images. The metrics sample takes `floor(n * size / total)` images of each class (the
 * remainder to the classes with the largest fractional parts, lower class first), so its class mix is the split's.
 */
export function selectImages(predictions: Predictions, sizes: SelectionSizes): ImageSelection {
  const { labels, predicted, probabilities, classes } = predictions;
  const count = labels.length;
  const byClass = Array.from({ length: classes }, () => [] as number[]);
  const correctByClass = Array.from({ length: classes }, () => [] as number[]);
  const failures: number[] = [];
  for (let index = 0; index < count; index++) {
    byClass[labels[index]!]!.push(index);
    if (labels[index] === predicted[index]) correctByClass[labels[index]!]!.push(index);
    else failures.push(index);
  }
  const rng = new SeededRandom(sizes.seed);
  const pick = (pool: readonly number[], size: number) =>
    rng
      .shuffle([...pool])
      .slice(0, size)
      .sort((a, b) => a - b);
  const gallery = correctByClass.map((pool) => pick(pool, sizes.gallery));
  const confident = correctByClass.map((pool, truth) =>
    [...pool]
      .sort((a, b) => probabilities[b * classes + truth]! - probabilities[a * classes + truth]! || a - b)
      .slice(0, sizes.confident),
  );
  const sampleSize = Math.min(sizes.metricsSample, count);
  const quotas = byClass.map((pool) => (pool.length * sampleSize) / Math.max(count, 1));
  const taken = quotas.map(Math.floor);
  let left = sampleSize - taken.reduce((sum, value) => sum + value, 0);
  const byRemainder = quotas
    .map((quota, index) => ({ index, rest: quota - Math.floor(quota) }))
    .sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    if (taken[index]! < byClass[index]!.length) {
      taken[index]!++;
      left--;
    }
  }
  const metricsSample = byClass.flatMap((pool, index) => pick(pool, taken[index]!)).sort((a, b) => a - b);
  return { failures, gallery, confident, metricsSample };
}
