import { type SpatialTensor, spatialDimensions } from '../tensor.js';

/**
 * Multiplies every channel of every sample by its weight: `out[n,c,h,w] = weights[n*C + c] * A[n,c,h,w]`.
 *
 * @param tensor - a 4-D tensor.
 * @param weights - `[batch * channels]` sample-major weights.
 */
export function scaleChannels(tensor: SpatialTensor, weights: Float32Array): SpatialTensor {
  const { batch, channels, height, width } = spatialDimensions(tensor.shape, tensor.layout);
  const area = height * width;
  const data = new Float32Array(tensor.data.length);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const weight = weights[n * channels + c]!;
      for (let pixel = 0; pixel < area; pixel++) {
        const index =
          tensor.layout === 'nchw' ? (n * channels + c) * area + pixel : (n * area + pixel) * channels + c;
        data[index] = weight * tensor.data[index]!;
      }
    }
  }
  return { data, shape: tensor.shape, layout: tensor.layout };
}
