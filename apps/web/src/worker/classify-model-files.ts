import { InvalidModelError } from '@gradcam/core';

/** The user's files, sorted out: one ONNX file, or a tfjs `model.json` with its weight files. */
export type ModelFiles =
  | { readonly kind: 'onnx'; readonly file: File }
  | { readonly kind: 'tfjs'; readonly json: File; readonly weights: readonly File[] };

const describe = (files: readonly File[]) => files.map((file) => `"${file.name}"`).join(', ');

/**
 * Tells what model the user picked (or dropped): a `.onnx` file, or a `.json` file with the weight files next to
 * it. Image files among them are not an error here (a drop may hold both); everything else is.
 *
 * @throws `InvalidModelError` when the files hold no model, or more than one.
 */
export function classifyModelFiles(files: readonly File[]): ModelFiles {
  const lower = (file: File) => file.name.toLowerCase();
  const onnx = files.filter((file) => lower(file).endsWith('.onnx'));
  const json = files.filter((file) => lower(file).endsWith('.json'));
  if (onnx.length + json.length === 0) {
    throw new InvalidModelError(
      `${files.length === 0 ? 'No file was given' : `${describe(files)} ${files.length === 1 ? 'is' : 'are'} not a model`}: ` +
        'pick a .onnx file, or a TensorFlow.js model.json together with its weight files (.bin).',
    );
  }
  if (onnx.length + json.length > 1) {
    throw new InvalidModelError(
      `${describe([...onnx, ...json])} are several models: pick one .onnx file or one model.json (with its weight files).`,
    );
  }
  if (onnx.length === 1) return { kind: 'onnx', file: onnx[0]! };
  return { kind: 'tfjs', json: json[0]!, weights: files.filter((file) => file !== json[0]) };
}
