import { type HeatMap, type SpatialTensor, spatialDimensions } from '../tensor.js';

/**
 * Per sample, the sum over channels: `map[n, h, w] = sum_c A[n, c, h, w]`.
 */
export function channelSum(tensor: SpatialTensor): HeatMap[] {
  const { batch, channels, height, width } = spatialDimensions(tensor.shape, tensor.layout);
  const area = height * width;
  const maps: HeatMap[] = [];
  for (let n = 0; n < batch; n++) {
    const sums = new Float64Array(area);
    for (let c = 0; c < channels; c++) {
      for (let pixel = 0; pixel < area; pixel++) {
        sums[pixel]! +=
          tensor.data[
            tensor.layout === 'nchw' ? (n * channels + c) * area + pixel : (n * area + pixel) * channels + c
          ]!;
      }
    }
    maps.push({ data: Float32Array.from(sums), height, width });
  }
  return maps;
}
