import { type SpatialTensor, spatialDimensions } from '../tensor.js';

/**
 * Mean of each channel over the spatial axes, per sample: Grad-CAM's channel weights when applied to the
 * gradient (`alpha[n, c] = mean_{h,w} dY/dA[n, c, h, w]`).
 *
 * @param tensor - a 4-D tensor in either layout.
 * @returns `[batch * channels]` row-major (sample-major) means.
 */
export function channelMeans(tensor: SpatialTensor): Float32Array {
  const { batch, channels, height, width } = spatialDimensions(tensor.shape, tensor.layout);
  const area = height * width;
  const sums = new Float64Array(batch * channels);
  const data = tensor.data;
  if (tensor.layout === 'nchw') {
    for (let plane = 0; plane < batch * channels; plane++) {
      let sum = 0;
      const offset = plane * area;
      for (let index = 0; index < area; index++) sum += data[offset + index]!;
      sums[plane] = sum;
    }
  } else {
    for (let sample = 0; sample < batch; sample++) {
      const offset = sample * area * channels;
      const row = sample * channels;
      for (let pixel = 0; pixel < area; pixel++) {
        const base = offset + pixel * channels;
        for (let channel = 0; channel < channels; channel++) sums[row + channel]! += data[base + channel]!;
      }
    }
  }
  const means = new Float32Array(batch * channels);
  for (let index = 0; index < means.length; index++) means[index] = sums[index]! / area;
  return means;
}
