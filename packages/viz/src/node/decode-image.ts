import { decode as decodeJpegBytes } from 'jpeg-js';
import { PNG } from 'pngjs';
import { ImageDecodeError } from '../errors/image-decode-error.js';
import { ImageTooLargeError } from '../errors/image-too-large-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { VizError } from '../errors/viz-error.js';
import type { RgbaImage } from '../rgba-image.js';
import type { ImageFormat } from './image-format.js';
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
}

/**
 * Decodes a PNG or JPEG file (recognised by its magic bytes, not a name) to an RGBA image.
 *
 * PNGs of any colour type and bit depth come out as 8-bit RGBA (16-bit samples are scaled down, gray and
 * palette images expanded, transparency kept); JPEGs come out opaque. Colour profiles and PNG gamma are ignored.
 *
 * @param bytes - the file's contents.
 * @param options - the size limit.
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
  const { maxPixels = defaultMaxPixels } = options;
  if (!(maxPixels > 0)) {
    throw new InvalidArgumentError('maxPixels', `maxPixels must be a positive number, got ${maxPixels}.`);
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
