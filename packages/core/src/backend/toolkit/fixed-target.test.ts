import { describe, expect, it } from 'vitest';
import { ClassIndexOutOfRangeError } from '../../errors/class-index-out-of-range-error.js';
import { ShapeMismatchError } from '../../errors/shape-mismatch-error.js';
import { resolveFixedTarget } from './fixed-target.js';

describe('resolveFixedTarget', () => {
  it('gives one-hot rows for classes and the rows of a weighting', () => {
    const classes = resolveFixedTarget({ kind: 'class', index: [2, 0] }, 2, 3);
    expect(Array.from(classes.weights)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(classes.classIndices).toEqual([2, 0]);
    const weights = resolveFixedTarget({ kind: 'weights', weights: [1, 0, -1] }, 2, 3);
    expect(Array.from(weights.weights)).toEqual([1, 0, -1, 1, 0, -1]);
    expect(weights.classIndices).toEqual([null, null]);
  });

  it('rejects a class out of range and weights of the wrong length before the model runs', () => {
    expect(() => resolveFixedTarget({ kind: 'class', index: 3 }, 1, 3)).toThrow(ClassIndexOutOfRangeError);
    expect(() => resolveFixedTarget({ kind: 'weights', weights: [1, 2] }, 1, 3)).toThrow(ShapeMismatchError);
  });
});
