/**
 * Quantises a matplotlib float table as `Colormap.__call__(x, bytes=True)` does: `(lut * 255).astype(np.uint8)`,
 * which truncates toward zero (in float64) rather than rounding. The result is byte-identical to
 * `matplotlib.colormaps[name](np.arange(256), bytes=True)[:, :3]`.
 *
 * @param data - 256 rows of `[r, g, b]` floats in `[0, 1]`.
 * @returns a 256-entry RGB table (768 bytes).
 */
export function matplotlibBytes(data: readonly (readonly [number, number, number])[]): Uint8Array {
  const table = new Uint8Array(data.length * 3);
  data.forEach((row, index) => {
    for (let channel = 0; channel < 3; channel++)
      table[index * 3 + channel] = Math.trunc(row[channel]! * 255);
  });
  return table;
}
