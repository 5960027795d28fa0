import { type SpatialTensor, spatialDimensions } from '../tensor.js';

/**
 * A function from (sample, channel, pixel) to the flat index of that element in `tensor`, whatever its layout.
 * `pixel` is `y * width + x`.
 */
export function elementIndexer(tensor: SpatialTensor): (n: number, c: number, pixel: number) => number {
  const { channels, height, width } = spatialDimensions(tensor.shape, tensor.layout);
  const area = height * width;
  return tensor.layout === 'nchw'
    ? (n, c, pixel) => (n * channels + c) * area + pixel
    : (n, c, pixel) => (n * area + pixel) * channels + c;
}
