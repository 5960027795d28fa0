import type { Backend } from './backend/v1/backend-v1.js';
import { LayoutMismatchError } from './errors/layout-mismatch-error.js';
import { ShapeMismatchError } from './errors/shape-mismatch-error.js';
import type { SpatialTensor } from './tensor.js';
import { validateTensorData } from './validate-tensor-data.js';

/**
 * Checks an input batch against the backend's {@link InputSpec}: 4-D, the right layout, sizes that match the
 * model's fixed axes, a `Float32Array` with as many values as the shape says, all finite. Backends call it on
 * every entry point that takes an input, before the runtime sees it.
 *
 * @throws {@link LayoutMismatchError}, {@link ShapeMismatchError} or {@link InvalidTensorError}.
 */
export function validateInput(backend: Pick<Backend, 'input'>, input: SpatialTensor): void {
  const shape = input.shape;
  if (shape.length !== 4) {
    throw new ShapeMismatchError(`The input must be 4-D, got shape [${shape.join(', ')}].`, {
      expected: backend.input.shape,
      actual: shape,
    });
  }
  if (input.layout !== backend.input.layout)
    throw new LayoutMismatchError(backend.input.layout, input.layout);
  const expected = backend.input.shape;
  const mismatch = expected.some((size, axis) => size !== null && size !== shape[axis]);
  if (mismatch || shape.some((size) => !Number.isInteger(size) || size <= 0)) {
    const wanted = expected.map((size) => size ?? '?').join(', ');
    throw new ShapeMismatchError(
      `The model takes input of shape [${wanted}] (${backend.input.layout}), got [${shape.join(', ')}].`,
      { expected, actual: shape },
    );
  }
  validateTensorData(input, 'input');
}
