import type { ImageSize } from './image-size.js';
import { resample } from './resample.js';
import { assertResizeMethod, type ResizeMethod } from './resize-method.js';
import type { RgbaImage } from './rgba-image.js';
import { assertImageSize, assertRgbaImage } from './validate.js';

/** Options of {@link resizeImage}. */
export interface ResizeImageOptions {
  /**
   * How to sample: see {@link ResizeMethod}. Use `'area'` to shrink a photo by a large factor without aliasing.
   * @default 'bilinear'
   */
  readonly method?: ResizeMethod;
}

/**
 * Resizes an RGBA image with half-pixel centres and edge clamping.
 *
 * The four channels are interpolated independently (straight, not premultiplied, alpha) and rounded to the
 * nearest integer, ties to even. `'nearest'` copies source pixels exactly.
 *
 * @param image - the image to resize (not modified).
 * @param size - the output `{ height, width }`, positive integers.
 * @param options - the sampling method.
 * @returns a new image; a copy when the size is unchanged.
 * @throws {@link InvalidArgumentError} for a malformed image, a bad size or an unknown method.
 * @example
 * ```ts
 * const thumbnail = resizeImage(photo, { height: 48, width: 64 }, { method: 'area' });
 * ```
 */
export function resizeImage(
  image: RgbaImage,
  size: ImageSize,
  options: ResizeImageOptions = {},
): RgbaImage<ArrayBuffer> {
  assertRgbaImage(image);
  assertImageSize(size);
  const { height, width } = size;
  const { method = 'bilinear' } = options;
  assertResizeMethod(method);
  if (width === image.width && height === image.height) {
    return { data: image.data.slice(), width, height };
  }
  const values = resample(image.data, image.width, image.height, 4, width, height, method);
  return { data: Uint8ClampedArray.from(values), width, height };
}
