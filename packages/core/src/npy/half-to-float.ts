/**
 * The number whose IEEE 754 half-precision bits are `bits` (subnormals, infinities and NaN included), as
 * `.npy` float16 arrays and ONNX float16 tensors store them.
 *
 * @param bits - a 16-bit pattern.
 */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
