import type { SpatialTensor } from '../tensor.js';

/**
 * A new tensor of the same shape and layout whose values are `combine(a[i], b[i])`.
 *
 * @param a - a 4-D tensor.
 * @param b - a 4-D tensor of the same shape and layout.
 */
export function elementwise(
  a: SpatialTensor,
  b: SpatialTensor,
  combine: (x: number, y: number) => number,
): SpatialTensor {
  if (a.layout !== b.layout || a.shape.some((size, axis) => size !== b.shape[axis])) {
    throw new RangeError(
      `Tensors differ: [${a.shape.join(', ')}] ${a.layout} vs [${b.shape.join(', ')}] ${b.layout}.`,
    );
  }
  const data = new Float32Array(a.data.length);
  for (let index = 0; index < data.length; index++) data[index] = combine(a.data[index]!, b.data[index]!);
  return { data, shape: a.shape, layout: a.layout };
}
