/**
 * Spreads an NHWC tensor's rows and columns `strides` apart with zeros in between: `[n, h, w, c]` becomes
 * `[n, (h - 1) * sh + 1, (w - 1) * sw + 1, c]` with `out[b, y * sh, x * sw, k] = values[b, y, x, k]`. The input
 * gradient of a strided convolution is a stride-1 convolution over the output gradient spread this way (a
 * transposed convolution), which backends run with their fast forward convolution.
 *
 * @param values - the tensor, row-major NHWC.
 * @param shape - its shape `[n, h, w, c]`.
 * @param strides - `[sh, sw]`, each at least 1.
 * @param size - the output's `[height, width]`, when it should differ from the spread size: rows and columns beyond
 * the spread are zeros, values beyond `size` are dropped.
 * @returns the spread values and their shape.
 */
export function zeroDilate(
  values: Float32Array,
  shape: readonly [number, number, number, number],
  strides: readonly [number, number],
  size?: readonly [number, number],
): { values: Float32Array; shape: [number, number, number, number] } {
  const [n, h, w, c] = shape;
  const [sh, sw] = strides;
  const outH = size ? size[0] : h === 0 ? 0 : (h - 1) * sh + 1;
  const outW = size ? size[1] : w === 0 ? 0 : (w - 1) * sw + 1;
  const out = new Float32Array(n * outH * outW * c);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h && y * sh < outH; y++) {
      const rowOut = (b * outH + y * sh) * outW;
      const rowIn = (b * h + y) * w;
      for (let x = 0; x < w && x * sw < outW; x++) {
        const from = (rowIn + x) * c;
        out.set(values.subarray(from, from + c), (rowOut + x * sw) * c);
      }
    }
  }
  return { values: out, shape: [n, outH, outW, c] };
}
