import type { Layout, SpatialTensor } from '../tensor.js';

/**
 * Returns the tensor in the requested layout, transposing (into a new buffer) when needed.
 *
 * @param tensor - a 4-D tensor.
 * @param layout - the layout wanted.
 */
export function toLayout(tensor: SpatialTensor, layout: Layout): SpatialTensor {
  if (tensor.layout === layout) return tensor;
  const source = tensor.data;
  const data = new Float32Array(source.length);
  if (tensor.layout === 'nchw') {
    const [batch, channels, height, width] = tensor.shape;
    const area = height * width;
    for (let n = 0; n < batch; n++) {
      for (let c = 0; c < channels; c++) {
        const from = (n * channels + c) * area;
        for (let pixel = 0; pixel < area; pixel++)
          data[(n * area + pixel) * channels + c] = source[from + pixel]!;
      }
    }
    return { data, shape: [batch, height, width, channels], layout };
  }
  const [batch, height, width, channels] = tensor.shape;
  const area = height * width;
  for (let n = 0; n < batch; n++) {
    for (let pixel = 0; pixel < area; pixel++) {
      const from = (n * area + pixel) * channels;
      for (let c = 0; c < channels; c++) data[(n * channels + c) * area + pixel] = source[from + c]!;
    }
  }
  return { data, shape: [batch, channels, height, width], layout };
}
