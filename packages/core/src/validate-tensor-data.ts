import { InvalidTensorError } from './errors/invalid-tensor-error.js';
import { ShapeMismatchError } from './errors/shape-mismatch-error.js';

/**
 * Checks a tensor's values before they reach a runtime: `data` is a `Float32Array` (from any realm), holds as
 * many values as `shape` says, and every value is finite.
 *
 * @param tensor - the tensor to check.
 * @param argument - its name in messages, e.g. `'input'` or `'activations'`.
 * @throws {@link InvalidTensorError} for another array type or a NaN / infinite value (the message gives the
 * first index and how many there are); {@link ShapeMismatchError} for a length that does not fit the shape.
 */
export function validateTensorData(
  tensor: { readonly data: Float32Array; readonly shape: readonly number[] },
  argument: string,
): void {
  const { data, shape } = tensor;
  const kind = Object.prototype.toString.call(data).slice(8, -1);
  if (kind !== 'Float32Array') {
    const got =
      data === undefined || data === null
        ? String(data)
        : kind === 'Array'
          ? 'a plain array'
          : `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind}`;
    throw new InvalidTensorError(
      `${argument}.data`,
      'not-float32',
      `${argument}.data must be a Float32Array, got ${got}: convert it with Float32Array.from(data).`,
    );
  }
  const count = shape.reduce((product, size) => product * size, 1);
  if (data.length !== count) {
    throw new ShapeMismatchError(
      `${argument}.data holds ${data.length} values but its shape [${shape.join(', ')}] needs ${count}.`,
      { expected: shape, actual: [data.length] },
    );
  }
  let first = -1;
  let bad = 0;
  for (let index = 0; index < data.length; index++) {
    const value = data[index]!;
    // value - value is NaN exactly for NaN and the infinities.
    if (value - value !== 0) {
      if (first < 0) first = index;
      bad++;
    }
  }
  if (bad > 0) {
    throw new InvalidTensorError(
      `${argument}.data`,
      'not-finite',
      `${argument}.data holds ${bad} value(s) that are not finite, the first ${data[first]} at index ${first}.`,
      first,
    );
  }
}
