import { describe, expect, it } from 'vitest';
import { toModelInput } from './preprocess.js';
import { topK } from './top-k.js';

describe('topK', () => {
  it('ranks the scores, labels them and gives softmax probabilities', () => {
    const ranked = topK(new Float32Array([0, 2, 1, Math.log(3) + 2]), ['a', 'b', 'c'], 3);
    expect(ranked.map(({ index, label }) => [index, label])).toEqual([
      [3, 'class 3'],
      [1, 'b'],
      [2, 'c'],
    ]);
    expect(ranked[0]!.probability / ranked[1]!.probability).toBeCloseTo(3, 5);
    const total = 1 + Math.exp(2) + Math.exp(1) + 3 * Math.exp(2);
    expect(ranked[1]!.probability).toBeCloseTo(Math.exp(2) / total, 6);
  });
});

describe('toModelInput', () => {
  it('drops alpha and scales to [0, 1] in NHWC', () => {
    const input = toModelInput({
      width: 2,
      height: 1,
      data: new Uint8ClampedArray([255, 0, 51, 7, 0, 255, 102, 9]),
    });
    expect(input.shape).toEqual([1, 1, 2, 3]);
    expect(input.layout).toBe('nhwc');
    expect(Array.from(input.data)).toEqual([1, 0, 0.2, 0, 1, 0.4].map(Math.fround));
  });
});
