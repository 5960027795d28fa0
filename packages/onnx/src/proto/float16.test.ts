import { describe, expect, it } from 'vitest';
import { floatToHalf, halfToNumber } from './float16.js';

describe('float16 conversion', () => {
  it('round-trips every half-precision bit pattern (NaNs stay NaN)', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = halfToNumber(bits);
      if (Number.isNaN(value)) expect(Number.isNaN(halfToNumber(floatToHalf(value)))).toBe(true);
      else expect(floatToHalf(value)).toBe(bits);
    }
  });

  it('rounds to nearest even and overflows to infinity', () => {
    expect(halfToNumber(floatToHalf(1 + 2 ** -11))).toBe(1); // a tie: to the even neighbour
    expect(halfToNumber(floatToHalf(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
    expect(halfToNumber(floatToHalf(0.1))).toBeCloseTo(0.0999755859375, 12);
    expect(halfToNumber(floatToHalf(70000))).toBe(Number.POSITIVE_INFINITY);
    expect(halfToNumber(floatToHalf(2 ** -25))).toBe(0);
  });
});
