import { describe, expect, it } from 'vitest';
import { ClassIndexOutOfRangeError } from '../errors/class-index-out-of-range-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { contrastTarget } from './target.js';
import { argMax, resolveTarget } from './target-weights.js';

const scores = { data: Float32Array.of(0.1, 0.9, 0.3, 5, -1, 5), shape: [2, 3] as [number, number] };

describe('resolveTarget', () => {
  it('picks each sample’s top class (first on ties)', () => {
    const resolved = resolveTarget({ kind: 'top' }, scores);
    expect(resolved.classIndices).toEqual([1, 0]);
    expect(Array.from(resolved.weights)).toEqual([0, 1, 0, 1, 0, 0]);
    expect(argMax([1, 3, 3])).toBe(1);
  });
  it('takes one class for all samples or one per sample', () => {
    expect(Array.from(resolveTarget({ kind: 'class', index: 2 }, scores).weights)).toEqual([
      0, 0, 1, 0, 0, 1,
    ]);
    expect(resolveTarget({ kind: 'class', index: [0, 1] }, scores).classIndices).toEqual([0, 1]);
  });
  it('broadcasts one row of weights, or takes a full [batch, classes] matrix', () => {
    const contrast = resolveTarget(contrastTarget(0, 2, 3), scores);
    expect(Array.from(contrast.weights)).toEqual([1, 0, -1, 1, 0, -1]);
    expect(contrast.classIndices).toEqual([null, null]);
    const full = resolveTarget({ kind: 'weights', weights: [1, 2, 3, 4, 5, 6] }, scores);
    expect(Array.from(full.weights)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('rejects bad indices and weights with typed errors', () => {
    expect(() => resolveTarget({ kind: 'class', index: 3 }, scores)).toThrow(ClassIndexOutOfRangeError);
    expect(() => resolveTarget({ kind: 'class', index: 1.5 }, scores)).toThrow(ClassIndexOutOfRangeError);
    expect(() => resolveTarget({ kind: 'class', index: [0] }, scores)).toThrow(ShapeMismatchError);
    expect(() => resolveTarget({ kind: 'weights', weights: [1, 2] }, scores)).toThrow(ShapeMismatchError);
    try {
      resolveTarget({ kind: 'class', index: -1 }, scores);
    } catch (error) {
      expect(ClassIndexOutOfRangeError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(
        'Class index -1 is out of range: the model scores 3 classes (0 to 2).',
      );
    }
  });
});
