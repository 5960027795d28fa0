import { readNpyFloat32, type SpatialTensor } from '@gradcam/core';
import { imageToInput, type ModelInputShape, type PreprocessSpec, type RgbaImage } from '@gradcam/viz';
import { decodeImage, readExifOrientation } from '@gradcam/viz/node';
import { CliError } from './cli-error.js';
import { inputExtension, readInputBytes } from './input-source.js';

/** One input, ready for the model. */
export interface LoadedInput {
  /** The model's input tensor (batch 1, or more for a batched `.npy`). */
  readonly tensor: SpatialTensor;
  /** The original image, upright, for overlays (absent for `.npy` inputs). */
  readonly image?: RgbaImage;
  /** Whether the file's pixels are stored as shown (no EXIF orientation other than 1), so it can be copied. */
  readonly storedUpright?: boolean;
}

/** Largest image (in pixels) decoded. */
export const maxImagePixels = 40_000_000;

/**
 * Reads an image (PNG, JPEG, WebP; turned upright by its EXIF orientation) and preprocesses it with
 * `imageToInput`, or reads an already preprocessed `.npy` tensor (fed to the model as it is; a 3-D array gets a
 * batch axis). `path` may be an `http(s)://` address.
 */
export async function loadInput(
  path: string,
  spec: PreprocessSpec,
  model: ModelInputShape,
): Promise<LoadedInput> {
  const bytes = await readInputBytes(path);
  if (inputExtension(path) === '.npy') {
    let array: { data: Float32Array; shape: readonly number[] };
    try {
      array = readNpyFloat32(bytes);
    } catch (error) {
      throw new CliError(`${path}: ${(error as Error).message}`);
    }
    const shape = array.shape.length === 3 ? [1, ...array.shape] : [...array.shape];
    const expected = model.shape;
    const fits = shape.length === 4 && expected.every((size, axis) => size === null || size === shape[axis]);
    if (!fits) {
      throw new CliError(
        `${path}: the tensor has shape [${array.shape.join(', ')}] but the model takes [${expected.map((size) => size ?? 'N').join(', ')}] (${model.layout}).`,
      );
    }
    return {
      tensor: { data: array.data, shape: shape as [number, number, number, number], layout: model.layout },
    };
  }
  let image: RgbaImage;
  if (inputExtension(path) === '.webp') image = await decodeWebp(path, bytes);
  else {
    try {
      image = decodeImage(new Uint8Array(bytes), { maxPixels: maxImagePixels });
    } catch (error) {
      throw new CliError(`${path}: ${(error as Error).message}`);
    }
  }
  try {
    const storedUpright = (readExifOrientation(bytes) ?? 1) === 1;
    return { tensor: imageToInput(image, model, spec), image, storedUpright };
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`);
  }
}

async function decodeWebp(path: string, bytes: Buffer): Promise<RgbaImage> {
  let sharp: typeof import('sharp');
  try {
    sharp = (await import('sharp')).default as unknown as typeof import('sharp');
  } catch {
    throw new CliError(`${path}: WebP needs the optional package "sharp" (npm install sharp).`);
  }
  try {
    const pipeline = (sharp as unknown as (input: Buffer, options: object) => import('sharp').Sharp)(bytes, {
      limitInputPixels: maxImagePixels,
    });
    const { data, info } = await pipeline.rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    throw new CliError(`${path}: cannot decode WebP (${(error as Error).message}).`);
  }
}
