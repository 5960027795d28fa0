import { mixSeed } from '@gradcam/core';
import {
  checkImputationOptions,
  gaussianStream,
  imputeSample,
  type NoisyLinearImputationOptions,
} from './noisy-linear-imputation.js';
import { salientOrder } from './pixel-order.js';
import {
  type MetricOptions,
  prepareMetric,
  runOriginal,
  runPerturbed,
  sampleData,
} from './prepare-metric.js';
import { createProgress } from './progress.js';

/** ROAD's default percentages of pixels removed (pytorch-grad-cam's `ROADCombined` default too). */
export const ROAD_PERCENTILES: readonly number[] = Object.freeze([10, 20, 30, 40, 50, 60, 70, 80, 90]);

/** Options of {@link road}: the shared {@link MetricOptions} plus the imputation's. */
export interface RoadOptions extends MetricOptions, NoisyLinearImputationOptions {
  /**
   * Percentages of pixels removed, each in `[0, 100)`: `floor(height * width * p / 100)` pixels (with
   * `removal: 'threshold'`, the pixels at or beyond the map's `100 - p` percentile).
   * @default `[10, 20, 30, 40, 50, 60, 70, 80, 90]`
   */
  readonly percentiles?: readonly number[];
  /**
   * Which pixels a percentage `p` removes:
   *
   * - `'count'`: exactly `floor(height * width * p / 100)` pixels, the first (MoRF) or last (LeRF) of
   *   {@link salientOrder} (ties broken by the lower index).
   * - `'threshold'`: pytorch-grad-cam's rule (`RemoveMostRelevantFirst` / `RemoveLeastRelevantFirst`): MoRF removes
   *   every pixel whose map value is `>=` the map's `100 - p` percentile, LeRF every pixel whose `1 - value` is
   *   `>=` the `100 - p` percentile of `1 - map` (computed in float32, as there), percentiles interpolated
   *   linearly between the sorted values (numpy's default; the threshold is kept in double precision, where
   *   numpy may round it to float32: that can only matter for a pixel within one float32 step of it). Pixels
   *   tied with the threshold are all removed, so the count can exceed `floor(height * width * p / 100)` (by 0
   *   to 2 pixels on a 224x224 Grad-CAM map, by a whole flat region on a map that has one), and `p = 0` still
   *   removes the pixels at the extreme value.
   *   Note that pytorch-grad-cam's `percentile` argument is this `100 - p`: its `ROADMostRelevantFirst(10)`
   *   removes 90% of the pixels.
   *
   * Either way the imputation fails with a `RangeError` when every pixel would be removed.
   * @default 'count'
   */
  readonly removal?: 'count' | 'threshold';
}

/** One removal order (MoRF or LeRF) of {@link road}. */
export interface RoadOrderResult {
  /** Per sample, the score after removing and imputing each percentage (in `percentiles` order). */
  readonly scores: readonly Float64Array[];
  /** Per sample, `scores - originalScore` (pytorch-grad-cam's `ROADMostRelevantFirst` / `LeastRelevantFirst`). */
  readonly differences: readonly Float64Array[];
  /**
   * Per sample, the number of pixels removed at each percentage: {@link RoadResult.removedPixels} with
   * `removal: 'count'`, the pixels at or beyond the threshold with `'threshold'`.
   */
  readonly removedCounts: readonly Uint32Array[];
  /** Per percentage, the score averaged over the samples: the ROAD curve. */
  readonly meanScores: Float64Array;
  /** Per percentage, the score difference averaged over the samples. */
  readonly meanDifferences: Float64Array;
  /** {@link RoadOrderResult.meanScores} averaged over the percentages. */
  readonly averageScore: number;
  /** {@link RoadOrderResult.meanDifferences} averaged over the percentages (`...RelevantFirstAverage`). */
  readonly averageDifference: number;
}

/** Result of {@link road}. */
export interface RoadResult {
  /** The percentages of pixels removed. */
  readonly percentiles: readonly number[];
  /**
   * Per percentage, `floor(height * width * p / 100)`: the number of pixels removed with `removal: 'count'`
   * (see {@link RoadOrderResult.removedCounts} for the counts with `'threshold'`).
   */
  readonly removedPixels: readonly number[];
  /** Per sample, the score of the original input. */
  readonly originalScores: Float64Array;
  /** Most relevant first: the highest-ranked pixels removed. A faithful map makes the score fall fast (low). */
  readonly mostRelevantFirst: RoadOrderResult;
  /** Least relevant first: the lowest-ranked pixels removed. A faithful map keeps the score up (high). */
  readonly leastRelevantFirst: RoadOrderResult;
  /**
   * Per sample, `(mean LeRF score - mean MoRF score) / 2` over the percentages: pytorch-grad-cam's
   * `ROADCombined` (the same as with differences, the original score cancels). Higher is better.
   */
  readonly combined: Float64Array;
  /** {@link RoadResult.combined} averaged over the samples. */
  readonly meanCombined: number;
  /** Imputations whose solve stopped at `maxIterations` before the tolerance (normally 0). */
  readonly unconvergedImputations: number;
  /** Per sample, the class followed (`null` for a weights target). */
  readonly classIndices: readonly (number | null)[];
}

/**
 * ROAD, RemOve And Debias (Rong et al., "A Consistent and Efficient Evaluation Strategy for Attribution
 * Methods", ICML 2022).
 *
 * Pixels are ranked by map value, descending (ties: lower index first). For each percentage `p`, independently
 * from the original input, the `floor(H * W * p / 100)` most relevant (MoRF) or least relevant (LeRF) pixels are
 * removed (or, with `removal: 'threshold'`, those at or beyond a percentile of the map, as pytorch-grad-cam
 * chooses them; see {@link RoadOptions.removal}) and imputed by {@link noisyLinearImputation} (8-neighbour
 * weighted mean solved as a linear system, plus Gaussian noise of standard deviation `noise`, from a seeded generator: each sample, order and percentage
 * draws its own stream, so results do not depend on the batching). The imputed inputs (`2 * percentiles.length`
 * per sample) run through `backend.forward` in batches; the score of the target fixed on the original input is
 * reported, with its difference from the original score.
 *
 * Imputation happens in the preprocessed input space (as pytorch-grad-cam does), while ROAD's reference code
 * imputes images in `[0, 1]` before normalising them: with mean/std-normalised inputs, scale `noise` by
 * `1 / std` to match it.
 *
 * @throws `CapabilityNotSupportedError` (capability `'forward'`) when the backend cannot run forward;
 * `ShapeMismatchError` / `LayoutMismatchError` for a bad input or maps; `RangeError` for bad options.
 */
export async function road(options: RoadOptions): Promise<RoadResult> {
  const prepared = prepareMetric(options, 'road');
  const { batch, geometry } = prepared;
  const imputation = checkImputationOptions(options, 'road');
  const percentiles = [...(options.percentiles ?? ROAD_PERCENTILES)];
  if (percentiles.length === 0) throw new RangeError('road: percentiles is empty: give at least one.');
  for (const p of percentiles) {
    if (!(Number.isFinite(p) && p >= 0 && p < 100)) {
      throw new RangeError(`road: every percentile must be a number in [0, 100), got ${p}.`);
    }
  }
  const removal = options.removal ?? 'count';
  if (removal !== 'count' && removal !== 'threshold') {
    throw new RangeError(`road: removal must be 'count' or 'threshold', got ${String(removal)}.`);
  }
  const count = percentiles.length;
  const removedPixels = percentiles.map((p) => Math.floor((geometry.pixels * p) / 100 + 1e-9));
  const removedCounts = [0, 1].map(() =>
    Array.from({ length: batch }, () => Uint32Array.from(removedPixels)),
  );

  const perSample = 2 * count;
  const progress = createProgress(batch * (1 + perSample), options.onProgress);
  const original = await runOriginal(prepared, progress);
  let unconvergedImputations = 0;
  let current: { sample: number; order: Uint32Array } | null = null;
  const mask = new Uint8Array(geometry.pixels);
  const fill = (index: number, out: Float32Array) => {
    const sample = Math.floor(index / perSample);
    const local = index - sample * perSample;
    const leastFirst = local >= count ? 1 : 0;
    const step = local - leastFirst * count;
    const map = prepared.maps[sample]!;
    mask.fill(0);
    if (removal === 'threshold') {
      // pytorch-grad-cam ranks `1 - map` (in float32) for LeRF.
      const values = leastFirst ? map.map((value) => 1 - value) : map;
      const threshold = linearPercentile(values, 100 - percentiles[step]!);
      let removed = 0;
      for (let pixel = 0; pixel < geometry.pixels; pixel++) {
        if (values[pixel]! >= threshold) {
          mask[pixel] = 1;
          removed++;
        }
      }
      removedCounts[leastFirst]![sample]![step] = removed;
    } else {
      if (current?.sample !== sample) current = { sample, order: salientOrder(map) };
      const removed = removedPixels[step]!;
      const from = leastFirst ? geometry.pixels - removed : 0;
      for (let position = from; position < from + removed; position++) mask[current.order[position]!] = 1;
    }
    const report = imputeSample(sampleData(prepared, sample), mask, geometry, out, {
      noise: imputation.noise,
      gaussian: gaussianStream(mixSeed(imputation.seed, sample, leastFirst, step)),
      tolerance: imputation.tolerance,
      maxIterations: imputation.maxIterations,
    });
    if (!report.converged) unconvergedImputations++;
  };
  const scores = await runPerturbed(prepared, original.scorer, perSample, fill, progress);

  const order = (leastFirst: number): RoadOrderResult => {
    const perSampleScores: Float64Array[] = [];
    const differences: Float64Array[] = [];
    const meanScores = new Float64Array(count);
    const meanDifferences = new Float64Array(count);
    for (let sample = 0; sample < batch; sample++) {
      const start = sample * perSample + leastFirst * count;
      const row = scores.slice(start, start + count);
      const difference = row.map((score) => score - original.values[sample]!);
      perSampleScores.push(row);
      differences.push(difference);
      for (let step = 0; step < count; step++) {
        meanScores[step]! += row[step]! / batch;
        meanDifferences[step]! += difference[step]! / batch;
      }
    }
    return {
      scores: perSampleScores,
      differences,
      removedCounts: removedCounts[leastFirst]!,
      meanScores,
      meanDifferences,
      averageScore: mean(meanScores),
      averageDifference: mean(meanDifferences),
    };
  };
  const mostRelevantFirst = order(0);
  const leastRelevantFirst = order(1);
  const combined = Float64Array.from(
    { length: batch },
    (_, sample) => (mean(leastRelevantFirst.scores[sample]!) - mean(mostRelevantFirst.scores[sample]!)) / 2,
  );
  return {
    percentiles,
    removedPixels,
    originalScores: original.values,
    mostRelevantFirst,
    leastRelevantFirst,
    combined,
    meanCombined: mean(combined),
    unconvergedImputations,
    classIndices: original.scorer.classIndices,
  };
}

/**
 * The `q`th percentile of `values` (`q` in `[0, 100]`), interpolated linearly between the sorted values as numpy's
 * `np.percentile` does by default (`a + (b - a) * t` below `t = 0.5`, `b - (b - a) * (1 - t)` from there).
 */
function linearPercentile(values: Float32Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const position = (q / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const t = position - below;
  const a = sorted[below]!;
  const difference = sorted[above]! - a;
  return t < 0.5 ? a + difference * t : sorted[above]! - difference * (1 - t);
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
