import type { HeatMap } from '../tensor.js';

/**
 * Bilinear resize with half-pixel centres and edge clamping: the sample point of output pixel `x` is
 * `(x + 0.5) * (inWidth / outWidth) - 0.5`, clamped to `[0, inWidth - 1]`. This is OpenCV's `INTER_LINEAR`
 * (what pytorch-grad-cam uses) and TensorFlow's `resize_bilinear(half_pixel_centers=True)`.
 *
 * @param map - the map to resize (not modified).
 * @param height - output height.
 * @param width - output width.
 */
export function resizeBilinear(map: HeatMap, height: number, width: number): HeatMap {
  if (!(Number.isInteger(height) && Number.isInteger(width) && height > 0 && width > 0)) {
    throw new RangeError(`Output size must be positive integers, got ${height}x${width}.`);
  }
  const { height: inHeight, width: inWidth, data: source } = map;
  const xs = samplePoints(inWidth, width);
  const ys = samplePoints(inHeight, height);
  const data = new Float32Array(height * width);
  for (let y = 0; y < height; y++) {
    const y0 = ys.lower[y]!;
    const y1 = ys.upper[y]!;
    const fy = ys.fraction[y]!;
    const row0 = y0 * inWidth;
    const row1 = y1 * inWidth;
    for (let x = 0; x < width; x++) {
      const x0 = xs.lower[x]!;
      const x1 = xs.upper[x]!;
      const fx = xs.fraction[x]!;
      const top = source[row0 + x0]! * (1 - fx) + source[row0 + x1]! * fx;
      const bottom = source[row1 + x0]! * (1 - fx) + source[row1 + x1]! * fx;
      data[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return { data, height, width };
}

function samplePoints(inSize: number, outSize: number) {
  const lower = new Int32Array(outSize);
  const upper = new Int32Array(outSize);
  const fraction = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let index = 0; index < outSize; index++) {
    const point = Math.min(Math.max((index + 0.5) * scale - 0.5, 0), inSize - 1);
    const floor = Math.floor(point);
    lower[index] = floor;
    upper[index] = Math.min(floor + 1, inSize - 1);
    fraction[index] = point - floor;
  }
  return { lower, upper, fraction };
}
