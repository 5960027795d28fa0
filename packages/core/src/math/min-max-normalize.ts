import type { HeatMap } from '../tensor.js';

/** The epsilon pytorch-grad-cam adds to the range: `(x - min) / (1e-7 + max(x - min))`. */
export const MIN_MAX_EPSILON = 1e-7;

/**
 * Rescales a map to `[0, 1]` exactly as pytorch-grad-cam's `scale_cam_image` does:
 * `(x - min) / (epsilon + max(x - min))`. A constant map (for example all zeros after ReLU) becomes all zeros,
 * never NaN.
 *
 * @param map - the map to rescale (not modified).
 * @param epsilon - added to the range. @default 1e-7
 */
export function minMaxNormalize(map: HeatMap, epsilon: number = MIN_MAX_EPSILON): HeatMap {
  const source = map.data;
  let minimum = Number.POSITIVE_INFINITY;
  for (let index = 0; index < source.length; index++) if (source[index]! < minimum) minimum = source[index]!;
  // pytorch-grad-cam works in float32: subtract first, then take the maximum of the shifted values.
  const data = new Float32Array(source.length);
  let maximum = 0;
  for (let index = 0; index < source.length; index++) {
    const shifted = Math.fround(source[index]! - minimum);
    data[index] = shifted;
    if (shifted > maximum) maximum = shifted;
  }
  const scale = Math.fround(epsilon + maximum);
  for (let index = 0; index < data.length; index++) data[index] = data[index]! / scale;
  return { data, height: map.height, width: map.width };
}
