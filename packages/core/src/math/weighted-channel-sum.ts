import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { type HeatMap, type SpatialTensor, spatialDimensions } from '../tensor.js';

/**
 * Per sample, the sum of the activation channels weighted by per-channel weights:
 * `map[n, h, w] = sum_c weights[n, c] * A[n, c, h, w]`. No ReLU is applied.
 *
 * @param activations - a 4-D tensor in either layout.
 * @param weights - `[batch * channels]` sample-major weights.
 * @returns one `height x width` map per sample.
 */
export function weightedChannelSum(activations: SpatialTensor, weights: Float32Array): HeatMap[] {
  const { batch, channels, height, width } = spatialDimensions(activations.shape, activations.layout);
  if (weights.length !== batch * channels) {
    throw new ShapeMismatchError(
      `Expected ${batch * channels} channel weights (batch ${batch} x ${channels} channels), got ${weights.length}.`,
      { expected: [batch, channels], actual: [weights.length] },
    );
  }
  const area = height * width;
  const data = activations.data;
  const maps: HeatMap[] = [];
  for (let sample = 0; sample < batch; sample++) {
    const sums = new Float64Array(area);
    if (activations.layout === 'nchw') {
      for (let channel = 0; channel < channels; channel++) {
        const weight = weights[sample * channels + channel]!;
        if (weight === 0) continue;
        const offset = (sample * channels + channel) * area;
        for (let index = 0; index < area; index++) sums[index]! += weight * data[offset + index]!;
      }
    } else {
      const offset = sample * area * channels;
      for (let pixel = 0; pixel < area; pixel++) {
        const base = offset + pixel * channels;
        let sum = 0;
        for (let channel = 0; channel < channels; channel++) {
          sum += weights[sample * channels + channel]! * data[base + channel]!;
        }
        sums[pixel] = sum;
      }
    }
    maps.push({ data: Float32Array.from(sums), height, width });
  }
  return maps;
}
