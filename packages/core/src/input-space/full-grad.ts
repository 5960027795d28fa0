import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { minMaxNormalize } from '../math/min-max-normalize.js';
import { resizeBilinear } from '../math/resize-bilinear.js';
import { toLayout } from '../math/to-layout.js';
import { type HeatMap, type SpatialTensor, spatialDimensions } from '../tensor.js';

/** The gradient at one biased layer's output and that layer's bias. */
export interface BiasGradient {
  /** Gradient of the target score with respect to the layer's output (its activations). */
  readonly gradients: SpatialTensor;
  /** The layer's bias, one value per channel. */
  readonly bias: Float32Array;
}

/**
 * FullGrad (Srinivas and Fleuret 2019) as pytorch-grad-cam computes it, per sample, before its last min-max
 * normalisation: the sum over the channels of `|input gradient × input|`, each channel min-max normalised, plus,
 * for every layer with a bias, the sum over its channels of `|bias × gradient at its output|`, each channel
 * min-max normalised and resized (bilinear, OpenCV's) to the input's size.
 *
 * @param input - the input batch.
 * @param inputGradients - the gradient of the target score with respect to the input (its shape and layout).
 * @param biasGradients - per biased layer, the gradient at its output and its bias.
 * @throws `ShapeMismatchError` when a bias does not have one value per channel of its layer.
 */
export function fullGradMaps(
  input: SpatialTensor,
  inputGradients: SpatialTensor,
  biasGradients: readonly BiasGradient[],
): HeatMap[] {
  const { batch, height, width } = spatialDimensions(input.shape, input.layout);
  const x = toLayout(input, 'nchw');
  const g = toLayout(inputGradients, 'nchw');
  const totals = Array.from({ length: batch }, () => new Float32Array(height * width));
  const addChannels = (
    values: Float32Array,
    channels: number,
    mapHeight: number,
    mapWidth: number,
    term: (n: number, c: number, index: number) => number,
  ) => {
    const area = mapHeight * mapWidth;
    for (let n = 0; n < batch; n++) {
      for (let c = 0; c < channels; c++) {
        const data = new Float32Array(area);
        for (let index = 0; index < area; index++) data[index] = term(n, c, index);
        let map = minMaxNormalize({ data, height: mapHeight, width: mapWidth });
        if (mapHeight !== height || mapWidth !== width) map = resizeBilinear(map, height, width);
        const total = totals[n]!;
        for (let index = 0; index < total.length; index++) total[index]! += map.data[index]!;
      }
    }
    return values;
  };
  const inputChannels = x.shape[1];
  const area = height * width;
  addChannels(x.data, inputChannels, height, width, (n, c, index) => {
    const at = (n * inputChannels + c) * area + index;
    return Math.abs(Math.fround(g.data[at]! * x.data[at]!));
  });
  for (const { gradients, bias } of biasGradients) {
    const nchw = toLayout(gradients, 'nchw');
    const [, channels, layerHeight, layerWidth] = nchw.shape;
    if (bias.length !== channels) {
      throw new ShapeMismatchError(
        `A bias of ${bias.length} values does not fit a layer of ${channels} channels.`,
        { expected: [channels], actual: [bias.length] },
      );
    }
    const layerArea = layerHeight * layerWidth;
    addChannels(nchw.data, channels, layerHeight, layerWidth, (n, c, index) =>
      Math.abs(Math.fround(bias[c]! * nchw.data[(n * channels + c) * layerArea + index]!)),
    );
  }
  return totals.map((data) => ({ data, height, width }));
}
