import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { RgbaImage } from './rgba-image.js';
import { assertRgbaImage } from './validate.js';

/**
 * An EXIF orientation (TIFF tag 0x0112): how the stored pixels must be turned to be seen upright.
 *
 * 1 as stored, 2 mirrored left-right, 3 rotated 180°, 4 mirrored top-bottom, 5 transposed (mirrored across the
 * top-left to bottom-right diagonal), 6 rotated 90° clockwise, 7 transversed (mirrored across the other
 * diagonal), 8 rotated 90° counter-clockwise. 5 to 8 swap width and height.
 */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** True when `value` is one of the eight {@link ExifOrientation} values. */
export function isExifOrientation(value: unknown): value is ExifOrientation {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8;
}

/**
 * Turns an image as stored upright according to its EXIF orientation: mirrors and rotates by whole quarter
 * turns, so no pixel value changes.
 *
 * @typeParam TBuffer - the buffer under the image's data; a new image is over an `ArrayBuffer`.
 * @param image - the pixels as stored in the file.
 * @param orientation - the EXIF orientation, 1 to 8.
 * @returns the upright image: `image` itself for orientation 1, else a new image.
 * @throws {@link InvalidArgumentError} for a malformed image or an orientation outside 1 to 8.
 * @example
 * ```ts
 * const upright = orientImage(decoded, readExifOrientation(bytes) ?? 1);
 * ```
 */
export function orientImage<TBuffer extends ArrayBufferLike = ArrayBufferLike>(
  image: RgbaImage<TBuffer>,
  orientation: ExifOrientation,
): RgbaImage<TBuffer | ArrayBuffer> {
  assertRgbaImage(image);
  if (!isExifOrientation(orientation)) {
    throw new InvalidArgumentError(
      'orientation',
      `orientation must be an integer 1 to 8, got ${orientation}.`,
    );
  }
  if (orientation === 1) return image;
  const { width, height, data } = image;
  const swap = orientation >= 5;
  const outWidth = swap ? height : width;
  const outHeight = swap ? width : height;
  const out = new Uint8ClampedArray(data.length);
  // For each output pixel (x, y), the stored pixel it shows.
  const source = sourceOf(orientation, width, height);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const from = source(x, y) * 4;
      const to = (y * outWidth + x) * 4;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
      out[to + 3] = data[from + 3]!;
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}

function sourceOf(
  orientation: ExifOrientation,
  width: number,
  height: number,
): (x: number, y: number) => number {
  const at = (x: number, y: number) => y * width + x;
  switch (orientation) {
    case 2:
      return (x, y) => at(width - 1 - x, y);
    case 3:
      return (x, y) => at(width - 1 - x, height - 1 - y);
    case 4:
      return (x, y) => at(x, height - 1 - y);
    case 5:
      return (x, y) => at(y, x);
    case 6:
      return (x, y) => at(y, height - 1 - x);
    case 7:
      return (x, y) => at(width - 1 - y, height - 1 - x);
    case 8:
      return (x, y) => at(width - 1 - y, x);
    default:
      return at;
  }
}
