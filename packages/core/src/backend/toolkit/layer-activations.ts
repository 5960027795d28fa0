import { ShapeMismatchError } from '../../errors/shape-mismatch-error.js';
import { toLayout } from '../../math/to-layout.js';
import type { Layout, SpatialTensor } from '../../tensor.js';
import { validateTensorData } from '../../validate-tensor-data.js';
import type { LayerInfo } from '../v1/backend-v1.js';

/** Options of {@link validateLayerActivations}. */
export interface LayerActivationsOptions {
  /** The batch size the activations must have (e.g. the input's, when they replace a layer's output). */
  readonly batch?: number;
}

/**
 * Checks activations given for a layer (`headFromActivations`, or a substitution of the layer's output) and
 * returns them in the layer's layout: a `Float32Array` of finite values, 4-D, with positive integer sizes that
 * match the layer's output shape (axes of unknown size are free; the batch is free unless `options.batch`).
 * Activations in the other layout are transposed.
 *
 * @throws {@link InvalidTensorError} for data that is not a `Float32Array`, or holds NaN or infinities.
 * @throws {@link ShapeMismatchError} when the shape does not fit the layer or the data's length.
 */
export function validateLayerActivations(
  layer: LayerInfo & { readonly layout: Layout },
  activations: SpatialTensor,
  options: LayerActivationsOptions = {},
): SpatialTensor {
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
  if (shape.length !== 4 || shape.some((size) => !Number.isInteger(size) || size <= 0)) throw mismatch();
  validateTensorData(activations, 'activations');
  const converted = toLayout(activations, layer.layout);
  if (expected.some((size, axis) => size !== null && size !== converted.shape[axis])) throw mismatch();
  return converted;
}
