import { decode as decodeJpegBytes } from 'jpeg-js';
import { PNG } from 'pngjs';
import { ImageDecodeError } from '../errors/image-decode-error.js';
import { ImageTooLargeError } from '../errors/image-too-large-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { VizError } from '../errors/viz-error.js';
import { orientImage } from '../orient-image.js';
import type { RgbaImage } from '../rgba-image.js';
import type { ImageFormat } from './image-format.js';
import { readExifOrientation } from './read-exif-orientation.js';
import { readImageHeader } from './read-image-header.js';

/** The default {@link DecodeImageOptions.maxPixels}: 50 megapixels (200 MB of RGBA). */
export const defaultMaxPixels = 50_000_000;

/** Options of {@link decodeImage} and {@link readImage}. */
export interface DecodeImageOptions {
  /**
   * The largest `width * height` accepted. Checked against the header before any pixel is decoded, so a small
   * file claiming a huge size cannot make the decoder allocate it.
   * @default 50_000_000
   */
  readonly maxPixels?: number;
  /**
   * What to do with a JPEG's EXIF orientation (phones store photos sideways and say so there): `'apply'` turns
   * the image upright (mirroring and quarter turns; orientations 5 to 8 swap width and height), `'ignore'`
   * returns the pixels as stored.
   * @default 'apply'
   */
  readonly orientation?: 'apply' | 'ignore';
}

/**
 * Decodes a PNG or JPEG file (recognised by its magic bytes, not a name) to an RGBA image.
 *
 * PNGs of any colour type and bit depth come out as 8-bit RGBA (16-bit samples are scaled down, gray and
 * palette images expanded, transparency kept); JPEGs come out opaque and upright (their EXIF orientation
 * applied, unless `orientation: 'ignore'`). Colour profiles and PNG gamma are ignored.
 *
 * @param bytes - the file's contents.
 * @param options - the size limit, and whether to apply the EXIF orientation.
 * @returns a new image.
 * @throws {@link UnsupportedImageFormatError} when the bytes are neither PNG nor JPEG.
 * @throws {@link ImageTooLargeError} when the header declares more than `maxPixels` pixels.
 * @throws {@link ImageDecodeError} when the data is truncated or corrupt.
 * @example
 * ```ts
 * const image = decodeImage(await readFile('cat.jpg'));
 * ```
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): RgbaImage<ArrayBuffer> {
  const { maxPixels = defaultMaxPixels, orientation = 'apply' } = options;
  if (!(maxPixels > 0)) {
    throw new InvalidArgumentError('maxPixels', `maxPixels must be a positive number, got ${maxPixels}.`);
  }
  if (orientation !== 'apply' && orientation !== 'ignore') {
    throw new InvalidArgumentError(
      'orientation',
      `orientation must be 'apply' or 'ignore', got '${String(orientation)}'.`,
    );
  }
  const { format, width, height } = readImageHeader(bytes);
  if (width * height > maxPixels) throw new ImageTooLargeError(width, height, maxPixels);
  const image = guarded(format, () => (format === 'png' ? decodePng(bytes) : decodeJpeg(bytes, maxPixels)));
  if (image.width !== width || image.height !== height || image.data.length !== width * height * 4) {
    throw new ImageDecodeError(
      format,
      `the decoder returned ${image.width}x${image.height}, not ${width}x${height}.`,
    );
  }
  if (format === 'jpeg' && orientation === 'apply')
    return orientImage(image, readExifOrientation(bytes) ?? 1);
  return image;
}

function decodePng(bytes: Uint8Array): RgbaImage<ArrayBuffer> {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { data: new Uint8ClampedArray(png.data), width: png.width, height: png.height };
}

function decodeJpeg(bytes: Uint8Array, maxPixels: number): RgbaImage<ArrayBuffer> {
  const decoded = decodeJpegBytes(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: maxPixels / 1e6,
    // Components, output and slack: about 12 bytes a pixel at worst, never less than jpeg-js's default.
    maxMemoryUsageInMB: Math.max(512, Math.ceil((maxPixels * 12) / 2 ** 20)),
  });
  const { data } = decoded;
  return {
    data: new Uint8ClampedArray(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength),
    width: decoded.width,
    height: decoded.height,
  };
}

function guarded(format: ImageFormat, decode: () => RgbaImage<ArrayBuffer>): RgbaImage<ArrayBuffer> {
  try {
    return decode();
  } catch (error) {
    if (VizError.isInstance(error)) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ImageDecodeError(format, `${detail || 'the data is corrupt'}.`, { cause: error });
  }
}
