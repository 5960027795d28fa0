import { GradcamError } from '../errors/gradcam-error.js';

/**
 * FinerCAM's target for one sample (pytorch-grad-cam's `FinerWeightedTarget`):
 * `T(s) = sum_i p_i (s_main - alpha s_i) / (sum_i p_i + 1e-9)` over the comparison classes `i`, with
 * `p = softmax(s)`.
 */
export interface FinerTarget {
  /** The class explained. */
  readonly main: number;
  /** The classes it is compared with. */
  readonly comparison: readonly number[];
  /** How strongly the comparison classes are subtracted. */
  readonly alpha: number;
}

/**
 * The classes FinerCAM compares `main` with: the classes whose scores are closest to `main`'s
 * (`|s_k - s_main|` ascending, `main` itself first), taken at the given ranks. Ranks beyond the last class are
 * left out (a 3-class model compares with its 2 other classes under the default ranks `[1, 2, 3]`).
 *
 * @throws {@link GradcamError} with code `'invalid-comparison'` for a rank that is not a non-negative integer, or
 * when no rank is below the number of classes.
 */
export function finerComparisonClasses(
  scores: ArrayLike<number>,
  main: number,
  ranks: readonly number[],
): number[] {
  const classes = scores.length;
  const reference = scores[main]!;
  const order = Array.from({ length: classes }, (_, k) => k).sort(
    (a, b) => Math.abs(scores[a]! - reference) - Math.abs(scores[b]! - reference) || a - b,
  );
  for (const rank of ranks) {
    if (!(Number.isInteger(rank) && rank >= 0)) {
      throw new GradcamError(
        'invalid-comparison',
        `FinerCAM's comparison ranks must be non-negative integers, got ${rank}: give ranks of the most similar classes, e.g. [1, 2, 3].`,
      );
    }
  }
  const kept = ranks.filter((rank) => rank < classes);
  if (kept.length === 0) {
    throw new GradcamError(
      'invalid-comparison',
      `FinerCAM's comparison ranks [${ranks.join(', ')}] are all beyond the model's ${classes} classes: give ranks below ${classes}.`,
    );
  }
  return kept.map((rank) => order[rank]!);
}

/** The value of a {@link FinerTarget} at the scores `s` of one sample (double precision). */
export function finerTargetValue(scores: ArrayLike<number>, target: FinerTarget): number {
  const p = softmax(scores);
  let numerator = 0;
  let denominator = 0;
  for (const i of target.comparison) {
    numerator += p[i]! * (scores[target.main]! - target.alpha * scores[i]!);
    denominator += p[i]!;
  }
  return numerator / (denominator + 1e-9);
}

/**
 * The gradient of a {@link FinerTarget} with respect to the scores, `dT/ds_k`. By the chain rule the gradient of
 * `T` with respect to any layer equals the gradient of the linear target `sum_k (dT/ds_k) s_k` there, so a
 * backend that takes gradients of weighted scores computes FinerCAM's gradients exactly.
 */
export function finerTargetGradient(scores: ArrayLike<number>, target: FinerTarget): Float64Array {
  const classes = scores.length;
  const p = softmax(scores);
  const { main, comparison, alpha } = target;
  let numerator = 0;
  let denominator = 0;
  for (const i of comparison) {
    numerator += p[i]! * (scores[main]! - alpha * scores[i]!);
    denominator += p[i]!;
  }
  denominator += 1e-9;
  const gradient = new Float64Array(classes);
  for (let k = 0; k < classes; k++) {
    // d p_i / d s_k = p_i (delta_ik - p_k)
    let dNumerator = 0;
    let dDenominator = 0;
    for (const i of comparison) {
      const dp = p[i]! * ((i === k ? 1 : 0) - p[k]!);
      dNumerator +=
        dp * (scores[main]! - alpha * scores[i]!) + p[i]! * ((k === main ? 1 : 0) - (k === i ? alpha : 0));
      dDenominator += dp;
    }
    gradient[k] = (dNumerator * denominator - numerator * dDenominator) / (denominator * denominator);
  }
  return gradient;
}

function softmax(scores: ArrayLike<number>): Float64Array {
  let peak = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < scores.length; k++) peak = Math.max(peak, scores[k]!);
  const p = Float64Array.from({ length: scores.length }, (_, k) => Math.exp(scores[k]! - peak));
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((value) => value / sum);
}
