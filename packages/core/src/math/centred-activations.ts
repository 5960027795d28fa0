import type { SpatialTensor } from '../tensor.js';
import { spatialDimensions } from '../tensor.js';

/** One sample's activations as a pixels-by-channels matrix, centred per channel. */
export interface CentredActivations {
  /** `[height * width, channels]`, row-major, in double precision; each channel's mean over the pixels removed. */
  readonly matrix: Float64Array;
  /** Per pixel, the sum of its channels before centring (the layer's overall activity there). */
  readonly pixelSums: Float64Array;
}

/**
 * Sample `n` of `tensor` as the matrix the principal-component methods decompose (Eigen-CAM's SVD, KPCA-CAM's kernel
 * PCA): one row per pixel, one column per channel, each channel centred. A NaN activation counts as 0.
 *
 * @param tensor - activations in either layout.
 * @param n - the sample.
 */
export function centredActivations(tensor: SpatialTensor, n: number): CentredActivations {
  const { channels, height, width } = spatialDimensions(tensor.shape, tensor.layout);
  const area = height * width;
  const matrix = new Float64Array(area * channels);
  const pixelSums = new Float64Array(area);
  for (let c = 0; c < channels; c++) {
    let mean = 0;
    for (let pixel = 0; pixel < area; pixel++) {
      const raw =
        tensor.data[
          tensor.layout === 'nchw' ? (n * channels + c) * area + pixel : (n * area + pixel) * channels + c
        ]!;
      const value = Number.isNaN(raw) ? 0 : raw;
      matrix[pixel * channels + c] = value;
      pixelSums[pixel]! += value;
      mean += value;
    }
    mean /= area;
    for (let pixel = 0; pixel < area; pixel++) matrix[pixel * channels + c]! -= mean;
  }
  return { matrix, pixelSums };
}
