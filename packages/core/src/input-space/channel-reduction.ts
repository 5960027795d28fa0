import { type HeatMap, type SpatialTensor, spatialDimensions } from '../tensor.js';

/**
 * How an input-space attribution (one value per pixel and channel) becomes one value per pixel for display:
 *
 * - `'max-abs'`: the largest absolute value over the channels (Simonyan et al.'s saliency map);
 * - `'sum-abs'`: the sum of the absolute values;
 * - `'sum'`: the signed sum (positive: evidence for the class, negative: against; Integrated Gradients'
 *   attributions add up over it);
 * - `'max'`: the largest value.
 */
export type ChannelReduction = 'max-abs' | 'sum-abs' | 'sum' | 'max';

/**
 * One map per sample from an input-space attribution, reducing the channels at each pixel with `reduction`.
 *
 * @param tensor - the attribution, any layout.
 * @param reduction - see {@link ChannelReduction}. @default 'max-abs'
 */
export function reduceInputChannels(
  tensor: SpatialTensor,
  reduction: ChannelReduction = 'max-abs',
): HeatMap[] {
  const { batch, channels, height, width } = spatialDimensions(tensor.shape, tensor.layout);
  const area = height * width;
  const maps: HeatMap[] = [];
  for (let n = 0; n < batch; n++) {
    const data = new Float32Array(area);
    for (let pixel = 0; pixel < area; pixel++) {
      let result = reduction === 'max' ? Number.NEGATIVE_INFINITY : 0;
      for (let c = 0; c < channels; c++) {
        const value =
          tensor.data[
            tensor.layout === 'nchw' ? (n * channels + c) * area + pixel : (n * area + pixel) * channels + c
          ]!;
        if (reduction === 'max-abs') result = Math.max(result, Math.abs(value));
        else if (reduction === 'sum-abs') result += Math.abs(value);
        else if (reduction === 'sum') result += value;
        else result = Math.max(result, value);
      }
      data[pixel] = result;
    }
    maps.push({ data, height, width });
  }
  return maps;
}
