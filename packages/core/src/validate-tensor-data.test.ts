import { describe, expect, it } from 'vitest';
import { InvalidTensorError } from './errors/invalid-tensor-error.js';
import { ShapeMismatchError } from './errors/shape-mismatch-error.js';
import type { SpatialTensor } from './tensor.js';
import { validateInput } from './validate-input.js';
import { validateTensorData } from './validate-tensor-data.js';

const caught = (run: () => void): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('validateTensorData', () => {
  it('accepts a finite Float32Array of the right length', () => {
    expect(() =>
      validateTensorData({ data: new Float32Array([0, -1.5, 3e38]), shape: [1, 3] }, 'x'),
    ).not.toThrow();
  });

  it('names the array type it got instead of a Float32Array', () => {
    const error = caught(() =>
      validateTensorData({ data: new Float64Array(2) as unknown as Float32Array, shape: [2] }, 'input'),
    );
    expect(InvalidTensorError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'input.data', problem: 'not-float32', code: 'invalid-tensor' });
    expect((error as Error).message).toBe(
      'input.data must be a Float32Array, got a Float64Array: convert it with Float32Array.from(data).',
    );
    const plain = caught(() =>
      validateTensorData({ data: [1, 2] as unknown as Float32Array, shape: [2] }, 'x'),
    );
    expect((plain as Error).message).toMatch(/got a plain array/);
    const absent = caught(() =>
      validateTensorData({ data: undefined as unknown as Float32Array, shape: [2] }, 'x'),
    );
    expect((absent as Error).message).toMatch(/got undefined/);
    const bytes = caught(() =>
      validateTensorData({ data: new Int8Array(2) as unknown as Float32Array, shape: [2] }, 'x'),
    );
    expect((bytes as Error).message).toMatch(/got an Int8Array/);
  });

  it('rejects a length that does not fit the shape with ShapeMismatchError', () => {
    const error = caught(() =>
      validateTensorData({ data: new Float32Array(5), shape: [2, 3] }, 'activations'),
    );
    expect(ShapeMismatchError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('activations.data holds 5 values but its shape [2, 3] needs 6.');
  });

  it('finds NaN and infinities, giving the first index and the count', () => {
    const data = new Float32Array([0, 1, Number.NaN, 2, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    const error = caught(() => validateTensorData({ data, shape: [6] }, 'input'));
    expect(InvalidTensorError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'not-finite', index: 2 });
    expect((error as Error).message).toBe(
      'input.data holds 3 value(s) that are not finite, the first NaN at index 2.',
    );
  });

  it('is part of validateInput', () => {
    const backend = { input: { shape: [null, 1, 2, 2] as const, layout: 'nchw' as const } };
    const input: SpatialTensor = {
      data: new Float32Array([1, 2, Number.POSITIVE_INFINITY, 4]),
      shape: [1, 1, 2, 2],
      layout: 'nchw',
    };
    expect(() => validateInput(backend, input)).toThrow(InvalidTensorError);
    expect(() => validateInput(backend, { ...input, data: new Float32Array(4) })).not.toThrow();
  });
});
