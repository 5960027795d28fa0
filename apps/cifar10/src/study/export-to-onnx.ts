import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { layersModelFileToOnnx } from '@gradcam/onnx/node';
import { StudyError } from './study-error.js';

/**
 * Exports a tfjs LayersModel (`model.json` and its weights) to an ONNX file at `target` with `@gradcam/onnx`'s
 * exporter, NCHW input (what `createOnnxBackend` takes); every layer's tensor keeps its Keras name.
 *
 * @throws {@link StudyError} when the model cannot be exported (a layer the exporter does not support, say).
 */
export async function exportToOnnx(modelJson: string, target: string): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await layersModelFileToOnnx(modelJson, { inputLayout: 'nchw' });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StudyError(`cannot export ${modelJson} to ONNX: ${message}`);
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}
