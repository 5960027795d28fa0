import { multiplyByMap } from './perturb.js';
import {
  type MetricOptions,
  prepareMetric,
  runOriginal,
  runPerturbed,
  sampleData,
} from './prepare-metric.js';
import { createProgress } from './progress.js';

/** Options of {@link averageDropAndIncrease}: the shared {@link MetricOptions}; maps must be in `[0, 1]`. */
export type AverageDropOptions = MetricOptions;

/** Result of {@link averageDropAndIncrease}. */
export interface AverageDropResult {
  /**
   * Average Drop, in percent: `100 * mean_n max(0, Y_n - O_n) / Y_n` over the samples with `Y_n > 0` (`NaN`
   * when there are none). Lower is better.
   */
  readonly averageDrop: number;
  /** Increase in Confidence, in percent: `100 * mean_n [O_n > Y_n]`. Higher is better. */
  readonly increaseInConfidence: number;
  /** Per sample, `Y_n`: the score of the original input. */
  readonly originalScores: Float64Array;
  /** Per sample, `O_n`: the score of the explanation map `input * map`. */
  readonly explanationScores: Float64Array;
  /**
   * Per sample, the drop `100 * max(0, Y_n - O_n) / Y_n`, or `NaN` where `Y_n <= 0` (possible with
   * `score: 'logit'` or a weights target); those samples are left out of {@link AverageDropResult.averageDrop}.
   */
  readonly drops: Float64Array;
  /** Samples whose drop is undefined (`Y_n <= 0`). */
  readonly undefinedDrops: number;
  /** Per sample, the class followed (`null` for a weights target). */
  readonly classIndices: readonly (number | null)[];
}

/**
 * Average Drop and Increase in Confidence (Chattopadhay et al., "Grad-CAM++", WACV 2018).
 *
 * For each sample, the explanation map `E = input * map` (the map, in `[0, 1]` at the input's resolution,
 * multiplied into every channel) is run through the model: `Y` is the target's score on the input, `O` on `E`.
 * The input is multiplied **in its preprocessed space** (the tensor the model takes, e.g. after mean/std
 * normalisation), as pytorch-grad-cam's `CamMultImageConfidenceChange` does, not in pixel space.
 *
 * Runs `2 * batch` inputs through `backend.forward`, in batches.
 *
 * @example
 * ```ts
 * const { samples } = await explain({ backend, input });
 * const { averageDrop, increaseInConfidence } = await averageDropAndIncrease({
 *   backend, input, maps: samples.map((sample) => sample.map),
 * });
 * ```
 * @throws `CapabilityNotSupportedError` (capability `'forward'`) when the backend cannot run forward;
 * `ShapeMismatchError` / `LayoutMismatchError` for a bad input or maps; `RangeError` for map values outside
 * `[0, 1]` or bad options.
 */
export async function averageDropAndIncrease(options: AverageDropOptions): Promise<AverageDropResult> {
  const prepared = prepareMetric(options, 'averageDropAndIncrease', true);
  const { batch, geometry } = prepared;
  const progress = createProgress(2 * batch, options.onProgress);
  const original = await runOriginal(prepared, progress);
  const explanationScores = await runPerturbed(
    prepared,
    original.scorer,
    1,
    (sample, out) => multiplyByMap(sampleData(prepared, sample), prepared.maps[sample]!, geometry, out),
    progress,
  );
  const originalScores = original.values;
  const drops = new Float64Array(batch);
  let dropSum = 0;
  let defined = 0;
  let increases = 0;
  for (let sample = 0; sample < batch; sample++) {
    const y = originalScores[sample]!;
    const o = explanationScores[sample]!;
    if (o > y) increases++;
    if (y > 0) {
      drops[sample] = (100 * Math.max(0, y - o)) / y;
      dropSum += drops[sample]!;
      defined++;
    } else {
      drops[sample] = Number.NaN;
    }
  }
  return {
    averageDrop: defined > 0 ? dropSum / defined : Number.NaN,
    increaseInConfidence: (100 * increases) / batch,
    originalScores,
    explanationScores,
    drops,
    undefinedDrops: batch - defined,
    classIndices: original.scorer.classIndices,
  };
}
