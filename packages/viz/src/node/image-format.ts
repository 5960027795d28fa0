/** An image file format the Node entry reads and writes. */
export type ImageFormat = 'png' | 'jpeg';

/** The formats {@link decodeImage}, {@link readImage} and {@link writeImage} support. */
export const supportedImageFormats: readonly ImageFormat[] = ['png', 'jpeg'];

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Recognises an image format by its magic bytes: PNG's 8-byte signature, or JPEG's SOI marker followed by a
 * marker (`FF D8 FF`).
 *
 * @param bytes - the start of a file (at least 8 bytes for PNG, 3 for JPEG).
 * @returns the format, or `undefined` when the bytes are neither.
 */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 8 && pngSignature.every((byte, i) => bytes[i] === byte)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}
