/** Builds the gray ramp: entry `i` is `(i, i, i)`. */
export function buildGray(): Uint8Array {
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) table.fill(i, i * 3, i * 3 + 3);
  return table;
}
