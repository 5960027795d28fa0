import type { SampleGeometry } from './sample-geometry.js';

/**
 * Writes `source * map` into `out`: every channel of pixel `p` multiplied by `map[p]` (the map broadcast over
 * the channels).
 *
 * @param source - one sample (`geometry.size` values, in its layout).
 * @param map - `geometry.pixels` values, row-major.
 * @param geometry - the sample's geometry.
 * @param out - receives the product; may be `source`.
 */
export function multiplyByMap(
  source: Float32Array,
  map: Float32Array,
  geometry: SampleGeometry,
  out: Float32Array,
): void {
  const { channels, pixels, pixelStride, channelStride } = geometry;
  for (let pixel = 0; pixel < pixels; pixel++) {
    const weight = map[pixel]!;
    for (let c = 0; c < channels; c++) {
      const index = pixel * pixelStride + c * channelStride;
      out[index] = source[index]! * weight;
    }
  }
}

/**
 * Copies into `target` the values (every channel) of the pixels `pixels[from]` to `pixels[to - 1]` of `source`.
 *
 * @param target - one sample, modified.
 * @param source - one sample of the same geometry.
 * @param pixels - pixel indices (`y * width + x`).
 * @param from - first position in `pixels`.
 * @param to - one past the last position in `pixels`.
 * @param geometry - the samples' geometry.
 */
export function copyPixels(
  target: Float32Array,
  source: Float32Array,
  pixels: ArrayLike<number>,
  from: number,
  to: number,
  geometry: SampleGeometry,
): void {
  const { channels, pixelStride, channelStride } = geometry;
  for (let position = from; position < to; position++) {
    const base = pixels[position]! * pixelStride;
    for (let c = 0; c < channels; c++) target[base + c * channelStride] = source[base + c * channelStride]!;
  }
}
