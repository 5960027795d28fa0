import { describe, expect, it } from 'vitest';
import { softmax } from './softmax.js';
import { topK } from './top-k.js';

describe('softmax', () => {
  it('matches the closed form and survives large logits', () => {
    const [a, b, c] = softmax([1, 2, 3]);
    const total = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(a).toBeCloseTo(Math.exp(1) / total, 7);
    expect(b).toBeCloseTo(Math.exp(2) / total, 7);
    expect(c).toBeCloseTo(Math.exp(3) / total, 7);
    const big = softmax([1000, 1000]);
    expect([...big]).toEqual([0.5, 0.5]);
  });

  it('rejects an empty array', () => expect(() => softmax([])).toThrow(RangeError));
});

describe('topK', () => {
  it('ranks, labels and softmaxes', () => {
    const ranked = topK(new Float32Array([0, 3, 1, 3]), { k: 3, labels: ['a', 'b', 'c'] });
    expect(ranked.map((entry) => entry.classIndex)).toEqual([1, 3, 2]);
    expect(ranked.map((entry) => entry.label)).toEqual(['b', undefined, 'c']);
    const total = 1 + 2 * Math.exp(3) + Math.exp(1);
    expect(ranked[0]!.probability).toBeCloseTo(Math.exp(3) / total, 6);
    expect(ranked[2]!.score).toBe(1);
  });

  it('keeps probabilities as they are when asked', () => {
    expect(topK([0.2, 0.7, 0.1], { k: 1, probabilities: true })[0]).toEqual({
      classIndex: 1,
      score: 0.7,
      probability: expect.closeTo(0.7, 6),
    });
  });

  it('rejects a bad k', () => expect(() => topK([1], { k: 0 })).toThrow(RangeError));
});
