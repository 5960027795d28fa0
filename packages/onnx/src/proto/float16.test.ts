import { halfToFloat } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { floatToHalf } from './float16.js';

describe('float16 conversion', () => {
  it('round-trips every half-precision bit pattern (NaNs stay NaN)', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = halfToFloat(bits);
      if (Number.isNaN(value)) expect(Number.isNaN(halfToFloat(floatToHalf(value)))).toBe(true);
      else expect(floatToHalf(value)).toBe(bits);
    }
  });

  it('rounds to nearest even and overflows to infinity', () => {
    expect(halfToFloat(floatToHalf(1 + 2 ** -11))).toBe(1); // a tie: to the even neighbour
    expect(halfToFloat(floatToHalf(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
    expect(halfToFloat(floatToHalf(0.1))).toBeCloseTo(0.0999755859375, 12);
    expect(halfToFloat(floatToHalf(70000))).toBe(Number.POSITIVE_INFINITY);
    expect(halfToFloat(floatToHalf(2 ** -25))).toBe(0);
  });
});
