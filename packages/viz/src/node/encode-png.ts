import { PNG } from 'pngjs';
import type { RgbaImage } from '../rgba-image.js';
import { assertRgbaImage } from '../validate.js';

/**
 * Encodes an image as an 8-bit RGBA PNG (lossless: {@link decodeImage} gives back the same bytes).
 *
 * @param image - the image.
 * @returns the PNG file's bytes.
 * @throws {@link InvalidArgumentError} for a malformed image.
 */
export function encodePng(image: RgbaImage): Uint8Array {
  assertRgbaImage(image);
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const file = PNG.sync.write(png, { colorType: 6, inputColorType: 6, bitDepth: 8 });
  return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
}
