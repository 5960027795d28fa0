import { extname } from 'node:path';
import { UnsupportedImageFormatError } from '../errors/unsupported-image-format-error.js';
import type { RgbaImage } from '../rgba-image.js';
import { assertRgbaImage } from '../validate.js';
import { encodeJpeg } from './encode-jpeg.js';
import { encodePng } from './encode-png.js';
import { type ImageFormat, supportedImageFormats } from './image-format.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** Options of {@link writeImage}. */
export interface WriteImageOptions {
  /**
   * JPEG quality, 1 to 100; ignored for PNG.
   * @default 90
   */
  readonly quality?: number;
}

/**
 * Writes an image to a file, as PNG for a `.png` name and JPEG for `.jpg` or `.jpeg` (case-insensitive).
 * Missing parent folders are created. The file is written atomically ({@link writeFileAtomic}): a reader sees the
 * old file or the whole new one, never a part.
 *
 * @param path - the file to write (replaced if it exists).
 * @param image - the image.
 * @param options - JPEG quality.
 * @throws {@link UnsupportedImageFormatError} for any other extension, before anything is written.
 * @throws {@link InvalidArgumentError} for a malformed image or quality; the file system's errors as they come.
 * @example
 * ```ts
 * await writeImage('out/cat-gradcam.jpg', overlay(photo, cam), { quality: 95 });
 * ```
 */
export async function writeImage(
  path: string,
  image: RgbaImage,
  options: WriteImageOptions = {},
): Promise<void> {
  const format = formatOfPath(path);
  assertRgbaImage(image);
  const bytes = format === 'png' ? encodePng(image) : encodeJpeg(image, options.quality ?? 90);
  await writeFileAtomic(path, bytes);
}

function formatOfPath(path: string): ImageFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.png') return 'png';
  if (extension === '.jpg' || extension === '.jpeg') return 'jpeg';
  throw new UnsupportedImageFormatError(
    `Cannot tell the image format from the file name "${path}": use .png, .jpg or .jpeg.`,
    supportedImageFormats,
  );
}
