import { describe, expect, it } from 'vitest';
import { classify } from './classification.js';

describe('classify', () => {
  it('counts hits per class and the confusion matrix (rows true, columns predicted)', () => {
    const result = classify([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3);
    expect(result.accuracy).toBeCloseTo(3 / 5, 12);
    expect(result.perClass).toEqual([0.5, 1, 0]);
    expect(result.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
  });
});
