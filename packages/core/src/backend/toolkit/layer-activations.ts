import { LayoutMismatchError } from '../../errors/layout-mismatch-error.js';
import { ShapeMismatchError } from '../../errors/shape-mismatch-error.js';
import { toLayout } from '../../math/to-layout.js';
import type { LayerTensor, Layout, SpatialTensor, TokenLayout, TokenTensor } from '../../tensor.js';
import { validateTensorData } from '../../validate-tensor-data.js';
import type { LayerInfo } from '../v1/backend-v1.js';

/** Options of {@link validateLayerActivations}. */
export interface LayerActivationsOptions {
  /** The batch size the activations must have (e.g. the input's, when they replace a layer's output). */
  readonly batch?: number;
}

/**
 * Checks activations given for a layer (`headFromActivations`, or a substitution of the layer's output) and
 * returns them in the layer's layout: a `Float32Array` of finite values, 4-D (or tokens `[batch, tokens, channels]`
 * for a token layer, `layout: 'ntc'`), with positive integer sizes that match the layer's output shape (axes of
 * unknown size are free; the batch is free unless `options.batch`). 4-D activations in the other layout are
 * transposed.
 *
 * @throws {@link InvalidTensorError} for data that is not a `Float32Array`, or holds NaN or infinities.
 * @throws {@link ShapeMismatchError} when the shape does not fit the layer or the data's length.
 * @throws {@link LayoutMismatchError} for tokens given to a 4-D layer or a feature map given to a token layer.
 */
export function validateLayerActivations(
  layer: LayerInfo & { readonly layout: Layout },
  activations: LayerTensor,
  options?: LayerActivationsOptions,
): SpatialTensor;
export function validateLayerActivations(
  layer: LayerInfo & { readonly layout: Layout | TokenLayout },
  activations: LayerTensor,
  options?: LayerActivationsOptions,
): LayerTensor;
export function validateLayerActivations(
  layer: LayerInfo & { readonly layout: Layout | TokenLayout },
  activations: LayerTensor,
  options: LayerActivationsOptions = {},
): LayerTensor {
  const { shape } = activations;
  const { batch } = options;
  const expected = layer.outputShape.map((size, axis) => (axis === 0 ? (batch ?? size) : size));
  const mismatch = () => {
    const shown = expected.map((size, axis) => size ?? (axis === 0 ? 'N' : '?'));
    return new ShapeMismatchError(
      `Activations of shape [${shape.join(', ')}] (${activations.layout}) do not fit layer "${layer.name}" ` +
        `(output [${shown.join(', ')}], ${layer.layout}).`,
      { expected, actual: [...shape] },
    );
  };
  const tokens = layer.layout === 'ntc';
  if ((activations.layout === 'ntc') !== tokens)
    throw new LayoutMismatchError(layer.layout, activations.layout);
  const rank = tokens ? 3 : 4;
  if (shape.length !== rank || shape.some((size) => !Number.isInteger(size) || size <= 0)) throw mismatch();
  validateTensorData(activations, 'activations');
  const converted: LayerTensor = tokens
    ? (activations as TokenTensor)
    : toLayout(activations as SpatialTensor, layer.layout as Layout);
  if (expected.some((size, axis) => size !== null && size !== converted.shape[axis])) throw mismatch();
  return converted;
}
