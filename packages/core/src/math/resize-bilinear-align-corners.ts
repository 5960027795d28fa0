import type { HeatMap } from '../tensor.js';

/**
 * Bilinear resize with aligned corners: output pixel `x` samples input position `x * (inWidth - 1) /
 * (outWidth - 1)`, so the corner pixels of input and output coincide. This is PyTorch's
 * `UpsamplingBilinear2d` / `interpolate(..., align_corners=True)`, which Score-CAM uses for its masks.
 *
 * @param map - the map to resize (not modified).
 * @param height - output height.
 * @param width - output width.
 */
export function resizeBilinearAlignCorners(map: HeatMap, height: number, width: number): HeatMap {
  const { height: inHeight, width: inWidth, data: source } = map;
  const data = new Float32Array(height * width);
  const scaleY = height > 1 ? (inHeight - 1) / (height - 1) : 0;
  const scaleX = width > 1 ? (inWidth - 1) / (width - 1) : 0;
  for (let y = 0; y < height; y++) {
    const sy = y * scaleY;
    const y0 = Math.min(Math.floor(sy), inHeight - 1);
    const y1 = Math.min(y0 + 1, inHeight - 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = x * scaleX;
      const x0 = Math.min(Math.floor(sx), inWidth - 1);
      const x1 = Math.min(x0 + 1, inWidth - 1);
      const fx = sx - x0;
      const top = source[y0 * inWidth + x0]! * (1 - fx) + source[y0 * inWidth + x1]! * fx;
      const bottom = source[y1 * inWidth + x0]! * (1 - fx) + source[y1 * inWidth + x1]! * fx;
      data[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return { data, height, width };
}
