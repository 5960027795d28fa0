import { InvalidArgumentError } from './errors/invalid-argument-error.js';

/**
 * How {@link resizeImage} and {@link resizeMap} sample the source. All methods use half-pixel centres: output
 * pixel `i` of an axis scaled by `s = inSize / outSize` is centred on source coordinate `(i + 0.5) * s - 0.5`.
 *
 * - `'bilinear'`: linear interpolation between the two nearest source pixels, sample point clamped to the edge
 *   pixels. OpenCV's `INTER_LINEAR` (what pytorch-grad-cam resizes CAMs with), TensorFlow's
 *   `half_pixel_centers=True`, PyTorch's `align_corners=False`. Aliases when shrinking by more than 2x.
 * - `'nearest'`: the source pixel whose cell contains the centre, `floor((i + 0.5) * s)` (OpenCV's
 *   `INTER_NEAREST_EXACT`, PIL's `NEAREST`; plain `INTER_NEAREST` uses `floor(i * s)`).
 * - `'area'`: when shrinking an axis, the mean of the source pixels the output pixel's cell covers, weighted by
 *   coverage (OpenCV's `INTER_AREA`): the anti-aliased choice for large downscales. An axis that is enlarged
 *   falls back to `'bilinear'`.
 */
export type ResizeMethod = 'bilinear' | 'nearest' | 'area';

/** The resize methods, for validation and listings. */
export const resizeMethods: readonly ResizeMethod[] = ['bilinear', 'nearest', 'area'];

/**
 * Throws an {@link InvalidArgumentError} unless `method` is one of {@link resizeMethods}. Internal.
 */
export function assertResizeMethod(method: string): asserts method is ResizeMethod {
  if (!(resizeMethods as readonly string[]).includes(method)) {
    throw new InvalidArgumentError(
      'method',
      `Unknown resize method "${method}". Available: ${resizeMethods.join(', ')}.`,
    );
  }
}
