import { encode } from 'jpeg-js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { RgbaImage } from '../rgba-image.js';
import { assertRgbaImage } from '../validate.js';

/**
 * Encodes an image as a baseline JPEG (lossy). The alpha channel is dropped: pixels are written as if opaque.
 *
 * @param image - the image.
 * @param quality - JPEG quality, 1 (smallest file) to 100 (best); 90 when omitted.
 * @returns the JPEG file's bytes.
 * @throws {@link InvalidArgumentError} for a malformed image or a quality outside `[1, 100]`.
 */
export function encodeJpeg(image: RgbaImage, quality = 90): Uint8Array {
  assertRgbaImage(image);
  if (!(quality >= 1 && quality <= 100)) {
    throw new InvalidArgumentError('quality', `quality must be in [1, 100], got ${quality}.`);
  }
  const { data } = encode({ data: image.data, width: image.width, height: image.height }, quality);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
