import { type SpatialTensor, spatialDimensions } from '../tensor.js';

/**
 * The tensor mirrored left-to-right (along its width axis), in a new buffer.
 */
export function flipHorizontal(tensor: SpatialTensor): SpatialTensor {
  const { batch, channels, height, width } = spatialDimensions(tensor.shape, tensor.layout);
  const data = new Float32Array(tensor.data.length);
  if (tensor.layout === 'nchw') {
    for (let row = 0; row < batch * channels * height; row++) {
      const offset = row * width;
      for (let x = 0; x < width; x++) data[offset + x] = tensor.data[offset + width - 1 - x]!;
    }
  } else {
    for (let row = 0; row < batch * height; row++) {
      for (let x = 0; x < width; x++) {
        const to = (row * width + x) * channels;
        const from = (row * width + width - 1 - x) * channels;
        for (let c = 0; c < channels; c++) data[to + c] = tensor.data[from + c]!;
      }
    }
  }
  return { data, shape: tensor.shape, layout: tensor.layout };
}
