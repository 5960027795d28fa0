const scratch = new DataView(new ArrayBuffer(4));

/**
 * The IEEE 754 half-precision bits of a number, rounded to nearest even (overflow gives infinity).
 *
 * @param value - any number.
 */
export function floatToHalf(value: number): number {
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    const half = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    const rounded = remainder > midpoint || (remainder === midpoint && (half & 1) === 1) ? half + 1 : half;
    return sign | rounded;
  }
  const half = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  const rounded = remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1) ? half + 1 : half;
  return sign | rounded;
}
