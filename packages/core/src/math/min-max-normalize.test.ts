import { describe, expect, it } from 'vitest';
import { minMaxNormalize } from './min-max-normalize.js';

describe('minMaxNormalize', () => {
  it('maps [2, 4, 6] to [0, 0.5, 1 - 2.5e-8] with the 1e-7 epsilon on the range', () => {
    const out = minMaxNormalize({ data: Float32Array.of(2, 4, 6), height: 1, width: 3 });
    expect(out.data[0]).toBe(0);
    expect(out.data[1]).toBeCloseTo(2 / (4 + 1e-7), 7);
    expect(out.data[2]).toBeCloseTo(4 / (4 + 1e-7), 7);
  });
  it('turns an all-zero map into zeros, not NaN', () => {
    const out = minMaxNormalize({ data: new Float32Array(4), height: 2, width: 2 });
    expect(Array.from(out.data)).toEqual([0, 0, 0, 0]);
  });
  it('turns a constant non-zero map into zeros', () => {
    const out = minMaxNormalize({ data: new Float32Array(3).fill(5), height: 1, width: 3 });
    expect(Array.from(out.data)).toEqual([0, 0, 0]);
  });
});
