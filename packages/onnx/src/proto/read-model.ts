import { InvalidModelError } from '@gradcam/core';
import { type ModelProto, onnx } from './onnx.js';
import { validateModel } from './validate-model.js';

/**
 * Decodes an `.onnx` file and checks its structure ({@link validateModel}).
 *
 * @param bytes - the file's contents.
 * @throws {@link InvalidModelError} when the bytes are not a protobuf `ModelProto` (truncated, corrupt, another
 * format) or the model's structure is broken.
 */
export function readModel(bytes: Uint8Array): ModelProto {
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidModelError('Invalid ONNX model: expected the file contents as a Uint8Array.');
  }
  if (bytes.length === 0) throw new InvalidModelError('Invalid ONNX model: the file is empty.');
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidModelError(
      `Invalid ONNX model: the protobuf could not be decoded (${reason}). The file may be truncated, corrupt, ` +
        'or not an .onnx file.',
      { cause: error },
    );
  }
  validateModel(model);
  return model;
}
