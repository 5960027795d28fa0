import { type ModelProto, onnx } from './onnx.js';

/** Encodes a model to `.onnx` bytes. */
export function writeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}
