import { readFile } from 'node:fs/promises';
import type { RgbaImage } from '../rgba-image.js';
import { type DecodeImageOptions, decodeImage } from './decode-image.js';

/**
 * Reads a PNG or JPEG file into an RGBA image. The format comes from the file's magic bytes, not its name.
 *
 * @param path - the file to read.
 * @param options - the size limit, see {@link DecodeImageOptions}.
 * @returns a new image.
 * @throws the file system's error when the file cannot be read; otherwise as {@link decodeImage}.
 * @example
 * ```ts
 * const photo = await readImage('examples/both.png');
 * ```
 */
export async function readImage(
  path: string,
  options: DecodeImageOptions = {},
): Promise<RgbaImage<ArrayBuffer>> {
  const bytes = await readFile(path);
  return decodeImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), options);
}
