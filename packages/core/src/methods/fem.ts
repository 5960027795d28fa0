import { elementIndexer } from '../math/element-indexer.js';
import { type SpatialTensor, spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';

/** Options of {@link createFem}. */
export interface FemOptions {
  /** A pixel counts as a channel's peak when it exceeds the channel's mean by `k` standard deviations. @default 2 */
  readonly k?: number;
}

/**
 * Per sample and channel, the fraction of pixels whose activation exceeds the channel's spatial mean plus `k`
 * (population) standard deviations: FEM's channel weights. Computed in double precision.
 *
 * @returns `[batch * channels]` sample-major weights.
 */
export function femWeights(activations: SpatialTensor, k = 2): Float32Array {
  const { batch, channels, height, width } = spatialDimensions(activations.shape, activations.layout);
  const area = height * width;
  const at = elementIndexer(activations);
  const data = activations.data;
  const weights = new Float32Array(batch * channels);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let pixel = 0; pixel < area; pixel++) sum += data[at(n, c, pixel)]!;
      const mean = sum / area;
      let squares = 0;
      for (let pixel = 0; pixel < area; pixel++) squares += (data[at(n, c, pixel)]! - mean) ** 2;
      const threshold = mean + k * Math.sqrt(squares / area);
      let above = 0;
      for (let pixel = 0; pixel < area; pixel++) if (data[at(n, c, pixel)]! > threshold) above++;
      weights[n * channels + c] = above / area;
    }
  }
  return weights;
}

/**
 * FEM, the Feature Explanation Method (Fuad et al., IPTA 2020), as pytorch-grad-cam computes it: each channel is
 * weighted by the fraction of its pixels above `mean + k * std` (the k-sigma rule), so channels with sharp,
 * rare peaks count most. Needs no gradients and does not depend on the target class.
 */
export function createFem(options: FemOptions = {}): CamMethod {
  const k = options.k ?? 2;
  if (!Number.isFinite(k)) throw new RangeError(`fem's k must be a finite number, got ${k}.`);
  return {
    name: 'fem',
    requires: [],
    compute: (context) => ({ kind: 'channel-weights', weights: femWeights(context.activations, k) }),
  };
}
