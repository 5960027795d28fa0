import { describe, expect, it } from 'vitest';
import { toLayout } from '../math/to-layout.js';
import type { SpatialTensor } from '../tensor.js';
import { gradientTimesInput } from './gradient-times-input.js';

describe('gradientTimesInput', () => {
  it('sums to the score of a linear model without bias (w . x)', () => {
    const weights = Float32Array.from([0.5, -1, 2, 0.25, -0.75, 1.5]);
    const input: SpatialTensor = {
      data: Float32Array.from([1, 2, -1, 0.5, 3, -2]),
      shape: [1, 3, 1, 2],
      layout: 'nchw',
    };
    const score = weights.reduce((sum, w, i) => sum + w * input.data[i]!, 0);
    const attributions = gradientTimesInput({ ...input, data: weights }, input);
    expect(attributions.data.reduce((sum, value) => sum + value, 0)).toBeCloseTo(score, 6);
    expect(() => gradientTimesInput(toLayout(input, 'nhwc'), input)).toThrow(RangeError);
  });
});
