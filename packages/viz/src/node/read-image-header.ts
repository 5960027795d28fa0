import { ImageDecodeError } from '../errors/image-decode-error.js';
import { UnsupportedImageFormatError } from '../errors/unsupported-image-format-error.js';
import { detectImageFormat, type ImageFormat, supportedImageFormats } from './image-format.js';

/** What an image file's header says, read without decoding any pixels. */
export interface ImageHeader {
  /** The format, from the magic bytes. */
  readonly format: ImageFormat;
  /** Width in pixels, as stored (a JPEG's EXIF orientation may swap it with the height when decoded). */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}

/**
 * Reads an image's format and size from its header alone: PNG's `IHDR` chunk, or JPEG's first
 * start-of-frame (`SOFn`) segment, skipping the segments before it.
 *
 * @param bytes - the whole file, or at least its header.
 * @throws {@link UnsupportedImageFormatError} when the bytes are not PNG or JPEG.
 * @throws {@link ImageDecodeError} when the header is truncated or malformed, or declares a zero size.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  const format = detectImageFormat(bytes);
  if (format === undefined) {
    throw new UnsupportedImageFormatError(
      `Unrecognised image data (first bytes: ${hexPrefix(bytes)}): not PNG or JPEG.`,
      supportedImageFormats,
    );
  }
  const { width, height } = format === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (width === 0 || height === 0) {
    throw new ImageDecodeError(format, `the header declares an empty image (${width}x${height}).`);
  }
  return { format, width, height };
}

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  // signature (8), IHDR length (4) = 13, type (4) = 'IHDR', width (4), height (4), ...
  if (bytes.length < 24) throw new ImageDecodeError('png', 'the data ends inside the IHDR header.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (type !== 'IHDR' || view.getUint32(8) !== 13) {
    throw new ImageDecodeError('png', 'the first chunk is not a 13-byte IHDR.');
  }
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  const truncated = () => new ImageDecodeError('jpeg', 'the data ends before the start-of-frame header.');
  let offset = 2; // after SOI
  for (;;) {
    if (offset >= bytes.length) throw truncated();
    if (bytes[offset] !== 0xff) {
      throw new ImageDecodeError(
        'jpeg',
        `expected a marker at byte ${offset}, found 0x${hex(bytes[offset]!)}.`,
      );
    }
    while (bytes[offset] === 0xff) offset++; // fill bytes
    if (offset >= bytes.length) throw truncated();
    const marker = bytes[offset++]!;
    // Stand-alone markers carry no length: TEM, RSTn, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    if (marker === 0xd9 || marker === 0xda) {
      throw new ImageDecodeError('jpeg', `no start-of-frame header before marker 0xFF${hex(marker)}.`);
    }
    if (offset + 2 > bytes.length) throw truncated();
    const length = (bytes[offset]! << 8) | bytes[offset + 1]!;
    if (length < 2) throw new ImageDecodeError('jpeg', `segment 0xFF${hex(marker)} has length ${length}.`);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): length (2), precision (1), height (2), width (2).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (offset + 7 > bytes.length) throw truncated();
      return {
        height: (bytes[offset + 3]! << 8) | bytes[offset + 4]!,
        width: (bytes[offset + 5]! << 8) | bytes[offset + 6]!,
      };
    }
    offset += length;
  }
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

function hexPrefix(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'none, the data is empty';
  return [...bytes.subarray(0, 8)].map(hex).join(' ');
}
