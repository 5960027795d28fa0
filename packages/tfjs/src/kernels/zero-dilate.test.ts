import { describe, expect, it } from 'vitest';
import { zeroDilate } from './zero-dilate.js';

describe('zeroDilate', () => {
  it('spreads rows and columns by the strides with zeros between, every channel and sample', () => {
    // [2, 2, 3, 2]: value = 100 * batch + 10 * (row * 3 + column) + channel.
    const values = Float32Array.from({ length: 24 }, (_, i) => {
      const channel = i % 2;
      const position = Math.floor(i / 2) % 6;
      const batch = Math.floor(i / 12);
      return 100 * batch + 10 * position + channel;
    });
    const { values: out, shape } = zeroDilate(values, [2, 2, 3, 2], [2, 3]);
    expect(shape).toEqual([2, 3, 7, 2]);
    for (let b = 0; b < 2; b++) {
      for (let y = 0; y < 3; y++) {
        for (let x = 0; x < 7; x++) {
          for (let c = 0; c < 2; c++) {
            const kept = y % 2 === 0 && x % 3 === 0;
            const expected = kept ? 100 * b + 10 * ((y / 2) * 3 + x / 3) + c : 0;
            expect(out[((b * 3 + y) * 7 + x) * 2 + c]).toBe(expected);
          }
        }
      }
    }
  });

  it('is the identity for strides 1 and keeps empty tensors empty', () => {
    const values = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(zeroDilate(values, [1, 2, 3, 1], [1, 1])).toEqual({ values, shape: [1, 2, 3, 1] });
    expect(zeroDilate(new Float32Array(0), [1, 0, 3, 2], [2, 2]).shape).toEqual([1, 0, 5, 2]);
  });
});
