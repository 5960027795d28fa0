import { resolveTarget, type ScoreTensor, type Target } from '@gradcam/core';

/**
 * The score a faithfulness metric follows for each sample:
 *
 * - `'probability'`: the softmax probability of the target class (softmax over all the backend's scores,
 *   which are pre-softmax logits by the Backend specification). The RISE and Grad-CAM++ papers use it, and
 *   pytorch-grad-cam's `ClassifierOutputSoftmaxTarget`.
 * - `'logit'`: the backend's score of the target class itself (pytorch-grad-cam's `ClassifierOutputTarget`).
 *
 * For a `{ kind: 'weights' }` target (no single class), the score is the weighted sum of the logits
 * `sum_k w[n, k] * logits[n, k]` under both settings: a probability of a weighted combination of classes is
 * not defined.
 */
export type MetricScore = 'probability' | 'logit';

/** Scores of perturbed inputs against each sample's target, fixed once from the original input. */
export interface TargetScorer {
  /** Per sample, the class followed, or `null` for a weights target. */
  readonly classIndices: readonly (number | null)[];
  /** The score of sample `sample`'s target in the row of `classes` logits at `offset` of `logits`. */
  score(sample: number, logits: Float32Array, offset: number): number;
}

/**
 * Softmax probability of class `index` among the `classes` logits at `offset` of `logits`, computed in double
 * precision with the maximum subtracted (no overflow).
 *
 * @param logits - rows of logits.
 * @param offset - where the row starts.
 * @param classes - the row's length.
 * @param index - the class.
 */
export function softmaxProbability(
  logits: ArrayLike<number>,
  offset: number,
  classes: number,
  index: number,
): number {
  let peak = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < classes; k++) peak = Math.max(peak, logits[offset + k]!);
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += Math.exp(logits[offset + k]! - peak);
  return Math.exp(logits[offset + index]! - peak) / sum;
}

/**
 * Resolves `target` against the scores of the original (unperturbed) batch, with `resolveTarget`, and returns
 * the function that scores any later forward pass of a sample against that fixed target (so `'top'` keeps
 * following the class that was on top for the original input).
 *
 * @param target - what to follow.
 * @param original - scores of the original batch, `[batch, classes]`.
 * @param kind - the score; see {@link MetricScore}.
 * @throws `ClassIndexOutOfRangeError` or `ShapeMismatchError` from `resolveTarget`.
 */
export function targetScorer(target: Target, original: ScoreTensor, kind: MetricScore): TargetScorer {
  const classes = original.shape[1];
  const { weights, classIndices } = resolveTarget(target, original);
  return {
    classIndices,
    score(sample, logits, offset) {
      const index = classIndices[sample];
      if (index !== null && index !== undefined) {
        return kind === 'probability'
          ? softmaxProbability(logits, offset, classes, index)
          : logits[offset + index]!;
      }
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += weights[sample * classes + k]! * logits[offset + k]!;
      return sum;
    },
  };
}
