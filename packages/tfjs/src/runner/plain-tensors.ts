import {
  type LayerTensor,
  type Layout,
  ShapeMismatchError,
  type SpatialTensor,
  type TokenLayout,
} from '@gradcam/core';
import type { Tensor, TfCore } from '../tf-core.js';

/** A tfjs tensor from a plain tensor (the data is copied: the caller keeps ownership of its array). */
export function fromPlain(tf: TfCore, data: Float32Array, shape: readonly number[]): Tensor {
  return tf.tensor(Float32Array.from(data), [...shape], 'float32');
}

/**
 * A {@link SpatialTensor} over a fresh copy of `values` (never a buffer tfjs or another result holds).
 *
 * @throws {@link ShapeMismatchError} when the tensor is not 4-D.
 */
export function toSpatial(
  values: ArrayLike<number>,
  shape: readonly number[],
  layout: Layout,
): SpatialTensor {
  if (shape.length !== 4) {
    throw new ShapeMismatchError(`Expected a 4-D tensor, got shape [${shape.join(', ')}].`, {
      actual: shape,
    });
  }
  return {
    data: Float32Array.from(values),
    shape: shape as [number, number, number, number],
    layout,
  };
}

/**
 * A layer's tensor over a fresh copy of `values`: a {@link SpatialTensor} for a 4-D layer, a token tensor
 * (`[batch, tokens, channels]`, `'ntc'`) for a token layer.
 *
 * @throws {@link ShapeMismatchError} when the shape does not fit the layout.
 */
export function toLayerTensor(
  values: ArrayLike<number>,
  shape: readonly number[],
  layout: Layout | TokenLayout,
): LayerTensor {
  if (layout !== 'ntc') return toSpatial(values, shape, layout);
  if (shape.length !== 3) {
    throw new ShapeMismatchError(
      `Expected tokens [batch, tokens, channels], got shape [${shape.join(', ')}].`,
      {
        actual: shape,
      },
    );
  }
  return { data: Float32Array.from(values), shape: shape as [number, number, number], layout };
}

/** True for the output shape of a token layer: 3-D, the batch axis first and free, more than one token. */
export function isTokenShape(shape: readonly (number | null)[]): boolean {
  return shape.length === 3 && shape[0] === null && (shape[1] === null || shape[1]! > 1);
}
