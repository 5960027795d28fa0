import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidModelError } from '@gradcam/core';
import type {
  LayersModelArtifacts,
  LayersModelWeightSpec,
  LayersModelWeightsGroup,
} from '../export/layers-model-artifacts.js';
import { type LayersModelToOnnxOptions, layersModelToOnnx } from '../export/layers-model-to-onnx.js';

/**
 * Reads a TensorFlow.js LayersModel from disk: its `model.json` and the weight files its `weightsManifest` lists
 * (from the same folder), concatenated in manifest order.
 *
 * @param path - the `model.json` written by `model.save('file://...')` or `tensorflowjs_converter`.
 * @returns the artifacts {@link layersModelToOnnx} takes.
 * @throws {@link InvalidModelError} when the file is not JSON, has no `modelTopology` or `weightsManifest`, or a
 * weight file is missing.
 */
export async function readLayersModelArtifacts(path: string): Promise<LayersModelArtifacts> {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidModelError(
      `Cannot read the TensorFlow.js model "${path}": ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }
  const manifest = json.weightsManifest;
  if (json.modelTopology === undefined || !Array.isArray(manifest)) {
    throw new InvalidModelError(
      `"${path}" is not a TensorFlow.js LayersModel: it needs a modelTopology and a weightsManifest.`,
    );
  }
  const weightSpecs: LayersModelWeightSpec[] = [];
  const shards: Uint8Array[] = [];
  for (const group of manifest as LayersModelWeightsGroup[]) {
    weightSpecs.push(...group.weights);
    for (const shard of group.paths) {
      try {
        shards.push(await readFile(join(dirname(path), shard)));
      } catch (error) {
        throw new InvalidModelError(
          `The weight file "${shard}" listed in "${path}" cannot be read; keep every weight file next to model.json.`,
          { cause: error },
        );
      }
    }
  }
  const weightData = new Uint8Array(shards.reduce((sum, shard) => sum + shard.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  return { modelTopology: json.modelTopology, weightSpecs, weightData };
}

/**
 * Reads a TensorFlow.js LayersModel from disk and converts it to ONNX: {@link readLayersModelArtifacts} then
 * {@link layersModelToOnnx}.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { layersModelFileToOnnx } from '@gradcam/onnx/node';
 *
 * await writeFile('model.onnx', await layersModelFileToOnnx('model/model.json', { inputLayout: 'nchw' }));
 * ```
 *
 * @param path - the `model.json`.
 * @param options - see {@link LayersModelToOnnxOptions}.
 * @returns the `.onnx` file's bytes.
 */
export async function layersModelFileToOnnx(
  path: string,
  options: LayersModelToOnnxOptions = {},
): Promise<Uint8Array> {
  return layersModelToOnnx(await readLayersModelArtifacts(path), options);
}
