import { mixSeed, SeededRandom } from '../math/seeded-random.js';
import type { Target } from '../target/target.js';
import { type SpatialTensor, spatialDimensions } from '../tensor.js';
import { gradientsAtPoints, type InputGradientBackend, resolvedInputGradient } from './input-gradients.js';

/** Options of {@link smoothGrad}. */
export interface SmoothGradOptions {
  /** Noisy copies averaged per sample. @default 50 (the paper's choice) */
  readonly samples?: number;
  /**
   * Standard deviation of the Gaussian noise as a fraction of each sample's value range `max(x) - min(x)`
   * (the paper's "noise level"; 10-20% works best there). @default 0.15
   */
  readonly noiseLevel?: number;
  /** Seed of the noise: the same seed gives the same result, whatever the batching. @default 0 */
  readonly seed?: number;
  /** Cancels between batches (rejects with `AbortError`). */
  readonly signal?: AbortSignal;
  /** Largest batch per backend call (besides its `maxBatchSize`). @default 32 */
  readonly batchSize?: number;
  /** Progress: `done` of `total` gradient evaluations. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link smoothGrad} returns. */
export interface SmoothGradResult {
  /** The mean gradient over the noisy copies: the input's shape and layout. */
  readonly gradients: SpatialTensor;
  /** The exact gradient at the input itself (the first call, which fixes the explained score). */
  readonly plainGradients: SpatialTensor;
  /** Scores at the input, `[batch, classes]`. */
  readonly scores: { readonly data: Float32Array; readonly shape: readonly [number, number] };
  /** Per sample, the class explained (`null` for a weighting of the scores). */
  readonly classIndices: readonly (number | null)[];
  /** Per sample, the standard deviation of the noise used. */
  readonly noiseStd: readonly number[];
}

/**
 * SmoothGrad (Smilkov et al. 2017): the input gradient averaged over `samples` copies of each input with
 * Gaussian noise of standard deviation `noiseLevel * (max(x) - min(x))` added. The explained score is fixed at
 * the input (for `'top'`, each sample's top class there), so every noisy copy explains the same class.
 *
 * Noise value `j` of copy `i` of sample `n` is the `j`-th `gaussian()` of `new SeededRandom(mixSeed(seed, n, i))`.
 *
 * @param backend - a backend with input gradients.
 * @param input - the input batch.
 * @param target - what to explain.
 * @throws `CapabilityNotSupportedError` when the backend has no input gradients.
 */
export async function smoothGrad(
  backend: InputGradientBackend,
  input: SpatialTensor,
  target: Target,
  options: SmoothGradOptions = {},
): Promise<SmoothGradResult> {
  const { samples = 50, noiseLevel = 0.15, seed = 0, signal, batchSize, onProgress } = options;
  if (!Number.isInteger(samples) || samples < 1)
    throw new RangeError(`samples must be a positive integer, got ${samples}.`);
  if (!(noiseLevel >= 0)) throw new RangeError(`noiseLevel must be at least 0, got ${noiseLevel}.`);
  const clean = await resolvedInputGradient(backend, input, target);
  const { batch } = spatialDimensions(input.shape, input.layout);
  const size = input.data.length / batch;
  const [, a, b, c] = input.shape;
  const sample = { shape: [1, a, b, c] as const, layout: input.layout };
  const out = new Float32Array(input.data.length);
  const noiseStd: number[] = [];
  const total = batch * samples;
  let done = 0;
  for (let n = 0; n < batch; n++) {
    const values = input.data.subarray(n * size, (n + 1) * size);
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const value of values) {
      if (value < low) low = value;
      if (value > high) high = value;
    }
    const std = noiseLevel * (high - low);
    noiseStd.push(std);
    const { gradients } = await gradientsAtPoints({
      backend,
      sample,
      count: samples,
      weights: clean.weights.subarray(n * clean.classes, (n + 1) * clean.classes),
      signal,
      batchSize,
      onPoints: (count) => {
        done += count;
        onProgress?.(done, total);
      },
      point: (copy, target) => {
        const noise = new SeededRandom(mixSeed(seed, n, copy));
        for (let index = 0; index < size; index++) target[index] = values[index]! + std * noise.gaussian();
      },
    });
    const mean = out.subarray(n * size, (n + 1) * size);
    for (const gradient of gradients)
      for (let index = 0; index < size; index++) mean[index]! += gradient[index]!;
    for (let index = 0; index < size; index++) mean[index] = mean[index]! / samples;
  }
  return {
    gradients: { data: out, shape: input.shape, layout: input.layout },
    plainGradients: clean.gradients,
    scores: clean.scores,
    classIndices: clean.classIndices,
    noiseStd,
  };
}
