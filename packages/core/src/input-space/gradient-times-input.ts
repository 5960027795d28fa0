import type { SpatialTensor } from '../tensor.js';

/**
 * Gradient × Input (Shrikumar et al. 2016): the input gradient times the input, element by element, per channel.
 * For a model that is linear in its input with no bias, the attributions sum to the score.
 *
 * @param gradients - the input gradient (same shape and layout as `input`).
 * @param input - the input.
 * @throws RangeError when the shapes or layouts differ.
 */
export function gradientTimesInput(gradients: SpatialTensor, input: SpatialTensor): SpatialTensor {
  if (gradients.layout !== input.layout || gradients.shape.some((size, axis) => size !== input.shape[axis])) {
    throw new RangeError(
      `The gradient [${gradients.shape.join(', ')}] (${gradients.layout}) does not match the input ` +
        `[${input.shape.join(', ')}] (${input.layout}).`,
    );
  }
  const data = new Float32Array(input.data.length);
  for (let index = 0; index < data.length; index++) data[index] = gradients.data[index]! * input.data[index]!;
  return { data, shape: input.shape, layout: input.layout };
}
