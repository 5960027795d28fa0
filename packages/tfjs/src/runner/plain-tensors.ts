import { type Layout, ShapeMismatchError, type SpatialTensor } from '@gradcam/core';
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
