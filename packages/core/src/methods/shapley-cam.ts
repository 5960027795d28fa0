import { throwIfAborted } from '../errors/abort-error.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { channelMeans } from '../math/channel-means.js';
import { elementIndexer } from '../math/element-indexer.js';
import { type SpatialTensor, spatialDimensions } from '../tensor.js';
import type { CamContext, CamMethod } from './cam-method.js';
import { targetScore } from './channel-selection.js';
import { requireGradients } from './require-gradients.js';

/** Options of {@link createShapleyCam}. */
export interface ShapleyCamOptions {
  /**
   * Relative step of the central differences: the activations are scaled by `1 +- step` and each channel is
   * shifted by `+- step` times the activations' root mean square. @default 0.05
   */
  readonly step?: number;
  /** Perturbed activations per head call (capped by the backend's `maxBatchSize`). @default 32 */
  readonly batchSize?: number;
}

/**
 * Per sample and channel, `mean_{h,w} (H A)[c, h, w]`, where `H` is the Hessian of the target score with respect
 * to the layer's activations `A`: the mixed second derivative of `y(A + s 1_c + t A)` in `s` and `t` (`1_c` is
 * channel `c` filled with ones), by a central difference with four runs of the model's head per channel.
 */
export async function channelHessianVectorMeans(
  context: CamContext,
  options: ShapleyCamOptions = {},
): Promise<Float64Array> {
  const { backend, activations, layer, targetWeights, signal, onProgress } = context;
  if (!backend.headFromActivations) {
    throw new CapabilityNotSupportedError(
      'headFromActivations',
      backend.name,
      "ShapleyCAM's Hessian-vector product runs the model from the layer to the scores on perturbed activations.",
    );
  }
  const step = options.step ?? 0.05;
  const batchSize = Math.max(
    1,
    Math.min(options.batchSize ?? 32, backend.capabilities.maxBatchSize ?? Infinity),
  );
  const dims = spatialDimensions(activations.shape, activations.layout);
  const area = dims.height * dims.width;
  const sampleSize = area * dims.channels;
  const classes = context.scores.shape[1];
  const at = elementIndexer(activations);
  const result = new Float64Array(dims.batch * dims.channels);
  const signs = [
    [1, 1, 1],
    [1, -1, -1],
    [-1, 1, -1],
    [-1, -1, 1],
  ] as const;
  const total = dims.batch * dims.channels * 4;
  let done = 0;
  for (let n = 0; n < dims.batch; n++) {
    const sample = activations.data.subarray(n * sampleSize, (n + 1) * sampleSize);
    let squares = 0;
    for (const value of sample) squares += value * value;
    const shift = step * (Math.sqrt(squares / sampleSize) || 1);
    const jobs = Array.from({ length: dims.channels * 4 }, (_, index) => index);
    for (let start = 0; start < jobs.length; start += batchSize) {
      throwIfAborted(signal);
      const chunk = jobs.slice(start, start + batchSize);
      const data = new Float32Array(chunk.length * sampleSize);
      chunk.forEach((job, row) => {
        const channel = job >> 2;
        const [s, t] = signs[job & 3]!;
        const offset = row * sampleSize;
        for (let index = 0; index < sampleSize; index++)
          data[offset + index] = sample[index]! * (1 + t * step);
        for (let pixel = 0; pixel < area; pixel++) data[offset + at(0, channel, pixel)]! += s * shift;
      });
      const shape = [chunk.length, ...activations.shape.slice(1)] as unknown as SpatialTensor['shape'];
      const scores = await backend.headFromActivations({
        layer,
        activations: { data, shape, layout: activations.layout },
      });
      chunk.forEach((job, row) => {
        const sign = signs[job & 3]![2];
        result[n * dims.channels + (job >> 2)]! +=
          sign * targetScore(scores.data, row, targetWeights, n, classes);
      });
      done += chunk.length;
      onProgress?.(done, total);
    }
    for (let c = 0; c < dims.channels; c++) result[n * dims.channels + c]! /= 4 * shift * step * area;
  }
  return result;
}

/**
 * ShapleyCAM (Cai et al., ICLR 2025), as pytorch-grad-cam computes it: channel weights
 * `mean_{h,w} (g - H A / 2)`, the gradient `g` corrected by half the Hessian-vector product along the
 * activations (a second-order, Shapley-value reading of Grad-CAM).
 *
 * **How the Hessian-vector product is computed.** The anchor differentiates the gradient graph a second time.
 * Here the weights need only the spatial mean of `H A` per channel, a mixed second derivative of the target score,
 * which {@link channelHessianVectorMeans} takes by central differences through the backend's head (four head runs
 * per channel). The difference is exact for a target that is quadratic in the activations; for a network that is
 * piecewise linear after the layer (ReLU, max-pooling, linear layers: the Hessian is 0 almost everywhere and
 * ShapleyCAM is Grad-CAM) it measures the curvature of the kinks within the step instead of 0; in float32 the
 * step trades rounding noise (small steps) against that smoothing (large steps). Needs `gradients` and
 * `headFromActivations`.
 */
export function createShapleyCam(options: ShapleyCamOptions = {}): CamMethod {
  const step = options.step ?? 0.05;
  if (!(step > 0 && step < 1)) throw new RangeError(`shapleycam's step must be in (0, 1), got ${step}.`);
  return {
    name: 'shapleycam',
    requires: ['gradients', 'headFromActivations'],
    async compute(context) {
      const gradients = requireGradients(context, 'shapleycam');
      const means = channelMeans(gradients);
      const hvp = await channelHessianVectorMeans(context, options);
      return {
        kind: 'channel-weights',
        weights: Float32Array.from(means, (g, index) => g - 0.5 * hvp[index]!),
      };
    },
  };
}
