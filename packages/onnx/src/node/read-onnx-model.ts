import { readFile } from 'node:fs/promises';
import { InvalidModelError } from '@gradcam/core';

/**
 * Reads an `.onnx` file for {@link createOnnxBackend} (Node only). Weights must be embedded in the file (no
 * external data files).
 *
 * @param path - the model file's path.
 * @returns the file's bytes.
 * @throws {@link InvalidModelError} when the file cannot be read (missing, a folder, no permission) or is empty.
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-node';
 * import { createOnnxBackend } from '@gradcam/onnx';
 * import { readOnnxModel } from '@gradcam/onnx/node';
 *
 * const backend = await createOnnxBackend({ ort, model: await readOnnxModel('resnet18.onnx') });
 * ```
 */
export async function readOnnxModel(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new InvalidModelError(
      `Could not read the ONNX model file "${path}": ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (bytes.length === 0) throw new InvalidModelError(`The ONNX model file "${path}" is empty.`);
  return bytes;
}
