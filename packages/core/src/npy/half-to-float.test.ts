import { describe, expect, it } from 'vitest';
import { halfToFloat } from './half-to-float.js';

describe('halfToFloat', () => {
  it('decodes normals, subnormals, zeros, infinities and NaN', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.333251953125, 12);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x03ff)).toBe(1023 * 2 ** -24);
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(halfToFloat(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('agrees with the bits of the float32 it widens to, for every finite pattern', () => {
    const view = new DataView(new ArrayBuffer(4));
    for (let bits = 0; bits < 0x10000; bits++) {
      const exponent = (bits >> 10) & 0x1f;
      if (exponent === 0x1f || exponent === 0) continue;
      // A normal half widens exactly: sign, exponent rebased from 15 to 127, fraction shifted by 13.
      view.setUint32(0, ((bits & 0x8000) << 16) | ((exponent - 15 + 127) << 23) | ((bits & 0x3ff) << 13));
      expect(halfToFloat(bits)).toBe(view.getFloat32(0));
    }
  });
});
