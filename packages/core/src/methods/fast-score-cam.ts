import { channelMeans } from '../math/channel-means.js';
import { elementIndexer } from '../math/element-indexer.js';
import { spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';
import { targetScore } from './channel-selection.js';
import { maskedInputLogits } from './masked-input-logits.js';

/** Options of {@link createFastScoreCam}. */
export interface FastScoreCamOptions {
  /**
   * Forward passes on masked inputs per sample (the knob of the speed/fidelity trade-off; exact Score-CAM runs
   * one per channel). @default max(16, ceil(channels / 32))
   */
  readonly passes?: number;
  /**
   * Share of the passes spent first on the channels whose masks cover the Grad-CAM map most, when the backend has
   * gradients (0 turns the gradient guide off). @default 0.25
   */
  readonly guided?: number;
  /**
   * Share of the passes spent on the most dissimilar masks before the rest go to the most promising.
   * @default 0.25 with the gradient guide, 0.5 without
   */
  readonly explore?: number;
  /** Masked inputs per forward call (capped by the backend's `maxBatchSize`). @default 32 */
  readonly batchSize?: number;
}

/** What {@link estimateChannelScores} needs: per channel, its normalised mask at the layer's resolution. */
export interface MaskFeatures {
  /** `[channels * area]` channel-major min-max normalised activation maps. */
  readonly data: Float64Array;
  readonly channels: number;
  readonly area: number;
}

/**
 * Per channel, the min-max normalised activation map of sample `n` at the layer's resolution. Score-CAM's mask
 * is this map upsampled bilinearly with aligned corners, which keeps the minimum and the maximum, so these are
 * the masks exactly, sampled at the layer's grid.
 */
export function maskFeatures(activations: Parameters<typeof channelMeans>[0], n: number): MaskFeatures {
  const { channels, height, width } = spatialDimensions(activations.shape, activations.layout);
  const area = height * width;
  const at = elementIndexer(activations);
  const data = new Float64Array(channels * area);
  for (let c = 0; c < channels; c++) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let pixel = 0; pixel < area; pixel++) {
      const value = activations.data[at(n, c, pixel)]!;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    const range = max - min + 1e-8;
    for (let pixel = 0; pixel < area; pixel++)
      data[c * area + pixel] = (activations.data[at(n, c, pixel)]! - min) / range;
  }
  return { data, channels, area };
}

function squaredDistance(features: MaskFeatures, a: number, b: number): number {
  const { data, area } = features;
  let sum = 0;
  for (let pixel = 0; pixel < area; pixel++) sum += (data[a * area + pixel]! - data[b * area + pixel]!) ** 2;
  return sum;
}

/**
 * Greedy farthest-point sampling: starting from `start` (one channel or several), repeatedly the channel whose
 * mask is farthest from every mask chosen so far, until `count` channels are chosen (identical masks are chosen
 * once).
 */
export function farthestMasks(
  features: MaskFeatures,
  start: number | readonly number[],
  count: number,
): number[] {
  const chosen = typeof start === 'number' ? [start] : [...start];
  const nearest = Float64Array.from({ length: features.channels }, (_, c) =>
    Math.min(...chosen.map((first) => squaredDistance(features, c, first))),
  );
  while (chosen.length < count) {
    let best = -1;
    for (let c = 0; c < features.channels; c++)
      if (nearest[c]! > 0 && (best < 0 || nearest[c]! > nearest[best]!)) best = c;
    if (best < 0) break;
    chosen.push(best);
    for (let c = 0; c < features.channels; c++)
      nearest[c] = Math.min(nearest[c]!, squaredDistance(features, c, best));
  }
  return chosen;
}

/**
 * Per channel, how much its mask covers the Grad-CAM map of sample `n`: `sum_p mask_c(p) * g(p)`, where `g` is
 * `relu(sum_c mean(dY/dA_c) * A_c)` min-max normalised, at the layer's resolution. To first order a masked
 * input keeps the target score where its mask covers the evidence, so this ranks the channels' Score-CAM scores
 * without running them (on a class-map layer `g` is the target class's own map).
 *
 * @returns the coverage per channel, or `undefined` when the Grad-CAM map is constant (nothing to rank by).
 */
export function gradCamCoverage(
  features: MaskFeatures,
  activations: Parameters<typeof channelMeans>[0],
  gradients: Parameters<typeof channelMeans>[0],
  n: number,
): Float64Array | undefined {
  const { channels, area } = features;
  const weights = channelMeans(gradients);
  const at = elementIndexer(activations);
  const map = new Float64Array(area);
  for (let c = 0; c < channels; c++) {
    const weight = weights[n * channels + c]!;
    if (weight === 0) continue;
    for (let pixel = 0; pixel < area; pixel++) map[pixel]! += weight * activations.data[at(n, c, pixel)]!;
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let pixel = 0; pixel < area; pixel++) {
    map[pixel] = Math.max(map[pixel]!, 0);
    min = Math.min(min, map[pixel]!);
    max = Math.max(max, map[pixel]!);
  }
  if (!(max > min)) return undefined;
  const coverage = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let pixel = 0; pixel < area; pixel++)
      sum += features.data[c * area + pixel]! * ((map[pixel]! - min) / (max - min));
    coverage[c] = sum;
  }
  return coverage;
}

/** The least-squares line `a + b * prior` through the known scores (their mean when `prior` does not vary). */
function fittedTrend(prior: Float64Array, known: ReadonlyMap<number, number>): Float64Array {
  let meanX = 0;
  let meanY = 0;
  for (const [c, value] of known) {
    meanX += prior[c]!;
    meanY += value;
  }
  meanX /= known.size;
  meanY /= known.size;
  let sxy = 0;
  let sxx = 0;
  for (const [c, value] of known) {
    sxy += (prior[c]! - meanX) * (value - meanY);
    sxx += (prior[c]! - meanX) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return prior.map((x) => meanY + slope * (x - meanX));
}

/**
 * Estimates every channel's Score-CAM score from the channels whose masked inputs were run: Gaussian-process
 * regression over the masks (squared-exponential kernel, its length the median distance between the known
 * masks, relative jitter 1e-6) around a prior mean: the known scores' mean, or, given a per-channel `prior`
 * (e.g. {@link gradCamCoverage}), the least-squares line through the known scores against it. Known channels
 * keep their scores.
 */
export function estimateChannelScores(
  features: MaskFeatures,
  known: ReadonlyMap<number, number>,
  prior?: Float64Array,
): Float64Array {
  const channels = [...known.keys()];
  const size = channels.length;
  const trend = prior
    ? fittedTrend(prior, known)
    : new Float64Array(features.channels).fill([...known.values()].reduce((a, b) => a + b, 0) / size);
  const values = channels.map((c) => known.get(c)! - trend[c]!);
  const mean = values.reduce((a, b) => a + b, 0) / size;
  const estimates = trend.map((value) => value + mean);
  for (const [c, value] of known) estimates[c] = value;
  if (size < 2) return estimates;
  const distances: number[] = [];
  for (let i = 0; i < size; i++)
    for (let j = i + 1; j < size; j++) distances.push(squaredDistance(features, channels[i]!, channels[j]!));
  distances.sort((a, b) => a - b);
  const length = distances[distances.length >> 1]! || 1;
  const kernel = (d: number) => Math.exp(-d / (2 * length));
  // K + jitter I, solved by Cholesky.
  const matrix = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      const value = i === j ? 1 + 1e-6 : kernel(squaredDistance(features, channels[i]!, channels[j]!));
      matrix[i * size + j] = value;
      matrix[j * size + i] = value;
    }
  }
  const alpha = choleskySolve(
    matrix,
    size,
    values.map((v) => v - mean),
  );
  for (let c = 0; c < features.channels; c++) {
    if (known.has(c)) continue;
    let sum = trend[c]! + mean;
    for (let i = 0; i < size; i++) sum += alpha[i]! * kernel(squaredDistance(features, c, channels[i]!));
    estimates[c] = sum;
  }
  return estimates;
}

function choleskySolve(matrix: Float64Array, size: number, rhs: readonly number[]): Float64Array {
  const l = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * size + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * size + k]! * l[j * size + k]!;
      l[i * size + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j * size + j]!;
    }
  }
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sum = rhs[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * size + k]! * y[k]!;
    y[i] = sum / l[i * size + i]!;
  }
  const x = new Float64Array(size);
  for (let i = size - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < size; k++) sum -= l[k * size + i]! * x[k]!;
    x[i] = sum / l[i * size + i]!;
  }
  return x;
}

/**
 * Fast Score-CAM: Score-CAM's weights (the softmax over channels of the target score of the input masked by each
 * channel) from a fixed budget of forward passes instead of one per channel. Per sample:
 *
 * 1. with gradients (the layer pass runs with them on backends that have them): the `guided * passes` channels
 *    whose masks cover the Grad-CAM map most ({@link gradCamCoverage}) run exactly;
 * 2. `explore * passes` channels whose masks are most unlike each other (and unlike those of step 1;
 *    farthest-point sampling, without gradients from the most active channel) run exactly;
 * 3. every other channel's score is estimated from its mask by Gaussian-process regression on the masks run,
 *    around the line through the known scores against the coverage when there are gradients;
 * 4. the remaining passes run the channels with the highest estimates (they dominate the softmax);
 * 5. the regression is refitted and the channels never run get their estimate (not weight 0).
 *
 * With `passes` equal to the number of channels it is exact Score-CAM. The package's ONNX benchmark measures the
 * speed and the Pearson correlation with exact Score-CAM over `passes`. Needs the backend's `forward` capability;
 * uses its gradients when it has them.
 */
export function createFastScoreCam(options: FastScoreCamOptions = {}): CamMethod {
  const guided = options.guided ?? 0.25;
  if (!(guided >= 0 && guided <= 1))
    throw new RangeError(`fast-scorecam's guided must be in [0, 1], got ${guided}.`);
  if (options.explore !== undefined && !(options.explore > 0 && options.explore <= 1))
    throw new RangeError(`fast-scorecam's explore must be in (0, 1], got ${options.explore}.`);
  if (options.passes !== undefined && !(Number.isInteger(options.passes) && options.passes > 0)) {
    throw new RangeError(`fast-scorecam's passes must be a positive integer, got ${options.passes}.`);
  }
  return {
    name: 'fast-scorecam',
    requires: ['forward'],
    prefers: guided > 0 ? ['gradients'] : [],
    async compute(context) {
      const { backend, activations, gradients, targetWeights, onProgress } = context;
      const batchSize = Math.max(
        1,
        Math.min(options.batchSize ?? 32, backend.capabilities.maxBatchSize ?? Infinity),
      );
      const dims = spatialDimensions(activations.shape, activations.layout);
      const classes = context.scores.shape[1];
      const passes = Math.min(dims.channels, options.passes ?? Math.max(16, Math.ceil(dims.channels / 32)));
      const means = channelMeans(activations);
      const weights = new Float32Array(dims.batch * dims.channels);
      const total = dims.batch * passes;
      let done = 0;
      const report = (size: number) => {
        done += size;
        onProgress?.(done, total);
      };
      for (let n = 0; n < dims.batch; n++) {
        const known = new Map<number, number>();
        const run = async (channels: readonly number[]) => {
          const rows = await maskedInputLogits(context, n, channels, batchSize, report);
          channels.forEach((c, row) => known.set(c, targetScore(rows[row]!, 0, targetWeights, n, classes)));
        };
        const features = maskFeatures(activations, n);
        const coverage =
          gradients && guided > 0 ? gradCamCoverage(features, activations, gradients, n) : undefined;
        const explore = options.explore ?? (coverage ? 0.25 : 0.5);
        let start: number[];
        if (coverage) {
          start = Array.from({ length: dims.channels }, (_, c) => c)
            .sort((a, b) => coverage[b]! - coverage[a]! || a - b)
            .slice(0, Math.max(1, Math.round(passes * guided)));
        } else {
          let first = 0;
          for (let c = 1; c < dims.channels; c++)
            if (means[n * dims.channels + c]! > means[n * dims.channels + first]!) first = c;
          start = [first];
        }
        const exploring = Math.round(passes * explore);
        const count = coverage ? Math.min(passes, start.length + exploring) : Math.max(1, exploring);
        await run(farthestMasks(features, start, count));
        let estimates = estimateChannelScores(features, known, coverage);
        const remaining = passes - known.size;
        if (remaining > 0) {
          const promising = Array.from({ length: dims.channels }, (_, c) => c)
            .filter((c) => !known.has(c))
            .sort((a, b) => estimates[b]! - estimates[a]! || a - b)
            .slice(0, remaining);
          await run(promising);
          estimates = estimateChannelScores(features, known, coverage);
        }
        const peak = Math.max(...estimates);
        let sum = 0;
        const exps = estimates.map((score) => {
          const value = Math.exp(score - peak);
          sum += value;
          return value;
        });
        for (let c = 0; c < dims.channels; c++) weights[n * dims.channels + c] = exps[c]! / sum;
      }
      return { kind: 'channel-weights', weights };
    },
  };
}
