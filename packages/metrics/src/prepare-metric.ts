import {
  type Backend,
  type HeatMap,
  resizeBilinear,
  type ScoreTensor,
  ShapeMismatchError,
  type SpatialTensor,
  type Target,
  validateInput,
} from '@gradcam/core';
import { effectiveBatchSize, forwardInBatches, requireForward } from './forward-batches.js';
import type { Progress } from './progress.js';
import { type SampleGeometry, sampleGeometry } from './sample-geometry.js';
import { type MetricScore, type TargetScorer, targetScorer } from './score-of.js';

/** Options every faithfulness metric takes. */
export interface MetricOptions {
  /** The model, wrapped in a backend with the `forward` capability. */
  readonly backend: Backend;
  /** The input batch, preprocessed as the model takes it, in the backend's input layout. */
  readonly input: SpatialTensor;
  /**
   * One map per sample (e.g. `explain(...).samples[n].map`), finite values; `averageDropAndIncrease` multiplies
   * the input by it and requires `[0, 1]`, the other metrics use only the order of the values. Maps of another
   * size than the input are resized with {@link resizeBilinear} first.
   */
  readonly maps: readonly HeatMap[];
  /**
   * The class (or weighting) whose score is followed, resolved once on the original input's scores.
   * @default `{ kind: 'top' }` (each sample's top-1 class on the original input)
   */
  readonly target?: Target;
  /** The score followed; see {@link MetricScore}. @default `'probability'` */
  readonly score?: MetricScore;
  /** Inputs per forward call, capped by the backend's `capabilities.maxBatchSize`. @default 32 */
  readonly batchSize?: number;
  /** Called after every forward call with the inputs run so far and in all (originals included). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Cancels the metric: checked before every forward call; it then rejects with an `AbortError`. */
  readonly signal?: AbortSignal;
}

/** A metric's options, validated, with the maps at input resolution. */
export interface PreparedMetric {
  /** The metric's name, for messages. */
  readonly metric: string;
  /** The backend. */
  readonly backend: Backend;
  /** The input batch. */
  readonly input: SpatialTensor;
  /** Geometry of one input sample. */
  readonly geometry: SampleGeometry;
  /** Number of samples. */
  readonly batch: number;
  /** Per sample, the map at the input's height and width, row-major. */
  readonly maps: readonly Float32Array[];
  /** Inputs per forward call. */
  readonly batchSize: number;
  /** The score followed. */
  readonly score: MetricScore;
  /** The target. */
  readonly target: Target;
  /** The caller's signal, if any. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Validates the options every metric shares and brings the maps to the input's resolution.
 *
 * @param options - the metric's options.
 * @param metric - the metric's name, for messages.
 * @param unitMaps - also require every map value to be in `[0, 1]` (for metrics that multiply by the map).
 * @throws `CapabilityNotSupportedError` when the backend cannot run forward; `ShapeMismatchError` or
 * `LayoutMismatchError` for a bad input or maps; `RangeError` for bad option values or map values.
 */
export function prepareMetric(options: MetricOptions, metric: string, unitMaps = false): PreparedMetric {
  const { backend, input, maps } = options;
  requireForward(backend, metric);
  validateInput(backend, input);
  const geometry = sampleGeometry(input.shape, input.layout);
  const batch = input.shape[0];
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`${metric}: batchSize must be a positive integer, got ${batchSize}.`);
  }
  const score = options.score ?? 'probability';
  if (score !== 'probability' && score !== 'logit') {
    throw new RangeError(`${metric}: score must be 'probability' or 'logit', got ${String(score)}.`);
  }
  if (!Array.isArray(maps) || maps.length !== batch) {
    const count = Array.isArray(maps) ? maps.length : 0;
    throw new ShapeMismatchError(
      `${metric}: got ${count} maps for a batch of ${batch}: give one HeatMap per sample.`,
      { expected: [batch], actual: [count] },
    );
  }
  const resized = maps.map((map, sample) => {
    const { height, width, data } = map;
    if (!(Number.isInteger(height) && Number.isInteger(width) && height > 0 && width > 0)) {
      throw new ShapeMismatchError(
        `${metric}: maps[${sample}] is ${height}x${width}; a map's height and width must be positive integers.`,
        { actual: [height, width] },
      );
    }
    if (data.length !== height * width) {
      throw new ShapeMismatchError(
        `${metric}: maps[${sample}] has ${data.length} values but is ${height}x${width} (${height * width} values).`,
        { expected: [height * width], actual: [data.length] },
      );
    }
    for (let pixel = 0; pixel < data.length; pixel++) {
      const value = data[pixel]!;
      if (!Number.isFinite(value)) {
        throw new RangeError(
          `${metric}: maps[${sample}] has the non-finite value ${value} at pixel ${pixel}.`,
        );
      }
      if (unitMaps && (value < 0 || value > 1)) {
        throw new RangeError(
          `${metric}: maps[${sample}] has the value ${value} at pixel ${pixel}, outside [0, 1]: ` +
            'the metric multiplies the input by the map, so normalise it first (e.g. with minMaxNormalize).',
        );
      }
    }
    return height === geometry.height && width === geometry.width
      ? Float32Array.from(data)
      : resizeBilinear(map, geometry.height, geometry.width).data;
  });
  return {
    metric,
    backend,
    input,
    geometry,
    batch,
    maps: resized,
    batchSize: effectiveBatchSize(batchSize, backend),
    score,
    target: options.target ?? { kind: 'top' },
    signal: options.signal,
  };
}

/** The view of sample `sample` of the prepared input (no copy). */
export function sampleData(prepared: PreparedMetric, sample: number): Float32Array {
  const { size } = prepared.geometry;
  return prepared.input.data.subarray(sample * size, (sample + 1) * size);
}

/** Scores of the original input and the target resolved on them. */
export interface OriginalScores {
  /** The backend's scores of the original batch, `[batch, classes]`. */
  readonly scores: ScoreTensor;
  /** The scorer of later passes, with the target fixed on these scores. */
  readonly scorer: TargetScorer;
  /** Per sample, the score followed on the original input. */
  readonly values: Float64Array;
}

/**
 * Runs the original batch (in batches) and resolves the target on its scores.
 *
 * @param prepared - the prepared metric.
 * @param progress - counts the samples run.
 */
export async function runOriginal(prepared: PreparedMetric, progress: Progress): Promise<OriginalScores> {
  const { geometry, batch } = prepared;
  const scores = await forwardInBatches({
    backend: prepared.backend,
    metric: prepared.metric,
    geometry,
    count: batch,
    fill: (index, out) => out.set(sampleData(prepared, index)),
    batchSize: prepared.batchSize,
    onBatch: (size) => progress.advance(size),
    signal: prepared.signal,
  });
  const scorer = targetScorer(prepared.target, scores, prepared.score);
  const classes = scores.shape[1];
  const values = Float64Array.from({ length: batch }, (_, sample) =>
    scorer.score(sample, scores.data, sample * classes),
  );
  return { scores, scorer, values };
}

/**
 * Runs `perSample * batch` perturbed inputs in batches and returns their target scores: input `index` belongs
 * to sample `Math.floor(index / perSample)` and is scored against that sample's target.
 *
 * @param prepared - the prepared metric.
 * @param scorer - the scorer from {@link runOriginal}.
 * @param perSample - perturbed inputs per sample.
 * @param fill - writes perturbed input `index` into `out`; called in increasing index order.
 * @param progress - counts the inputs run.
 */
export async function runPerturbed(
  prepared: PreparedMetric,
  scorer: TargetScorer,
  perSample: number,
  fill: (index: number, out: Float32Array) => void,
  progress: Progress,
): Promise<Float64Array> {
  const count = perSample * prepared.batch;
  const scores = await forwardInBatches({
    backend: prepared.backend,
    metric: prepared.metric,
    geometry: prepared.geometry,
    count,
    fill,
    batchSize: prepared.batchSize,
    onBatch: (size) => progress.advance(size),
    signal: prepared.signal,
  });
  const classes = scores.shape[1];
  return Float64Array.from({ length: count }, (_, index) =>
    scorer.score(Math.floor(index / perSample), scores.data, index * classes),
  );
}
