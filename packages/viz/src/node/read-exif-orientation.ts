import { type ExifOrientation, isExifOrientation } from '../orient-image.js';

const orientationTag = 0x0112;
const shortType = 3;

/**
 * Reads the EXIF orientation of a JPEG file: the Orientation tag (0x0112) of the first IFD of its `APP1`
 * `Exif` segment, in either byte order (`II` little-endian or `MM` big-endian). Only the segments before the
 * image data are read.
 *
 * @param bytes - the JPEG file (other data gives `undefined`).
 * @returns 1 to 8, or `undefined` when the file has no EXIF orientation, or a malformed or out-of-range one.
 * @example
 * ```ts
 * readExifOrientation(await readFile('phone.jpg')); // 6: rotate 90° clockwise to view
 * ```
 */
export function readExifOrientation(bytes: Uint8Array): ExifOrientation | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    // Start of scan, end of image, or a frame header: no metadata segment follows that matters here.
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = view.getUint16(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return undefined;
    const start = offset + 4;
    if (marker === 0xe1 && length >= 8 && isExifHeader(bytes, start)) {
      return orientationInTiff(view, start + 6, start + length - 2);
    }
    offset += 2 + length;
  }
  return undefined;
}

/** `Exif\0\0`. */
function isExifHeader(bytes: Uint8Array, at: number): boolean {
  return (
    bytes[at] === 0x45 &&
    bytes[at + 1] === 0x78 &&
    bytes[at + 2] === 0x69 &&
    bytes[at + 3] === 0x66 &&
    bytes[at + 4] === 0 &&
    bytes[at + 5] === 0
  );
}

/** The Orientation entry of IFD0 of the TIFF structure in `[tiff, end)`. */
function orientationInTiff(view: DataView, tiff: number, end: number): ExifOrientation | undefined {
  if (tiff + 8 > end) return undefined;
  const order = view.getUint16(tiff);
  if (order !== 0x4949 && order !== 0x4d4d) return undefined;
  const little = order === 0x4949;
  if (view.getUint16(tiff + 2, little) !== 42) return undefined;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) return undefined;
  const entries = view.getUint16(ifd, little);
  for (let index = 0; index < entries; index++) {
    const entry = ifd + 2 + index * 12;
    if (entry + 12 > end) return undefined;
    if (view.getUint16(entry, little) !== orientationTag) continue;
    if (view.getUint16(entry + 2, little) !== shortType || view.getUint32(entry + 4, little) < 1) {
      return undefined;
    }
    const value = view.getUint16(entry + 8, little);
    return isExifOrientation(value) ? value : undefined;
  }
  return undefined;
}
