import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidModelError } from '@gradcam/core';
import type { io } from '@tensorflow/tfjs-core';

/** The kind of model a `model.json` describes. */
export type TfjsModelFormat = 'layers-model' | 'graph-model';

/** A model read from disk: what `tf.io.fromMemory` takes, and its format. */
export interface ModelFiles {
  /** Topology, weight specs and the weights concatenated in manifest order. */
  readonly artifacts: io.ModelArtifacts;
  /** Whether it is a LayersModel or a GraphModel. */
  readonly format: TfjsModelFormat;
}

const bytesPerElement: Record<string, number> = {
  float32: 4,
  int32: 4,
  uint8: 1,
  uint16: 2,
  float16: 2,
  bool: 1,
  complex64: 8,
};

/**
 * Reads a TensorFlow.js `model.json` and its weight shards from disk.
 *
 * @param path - path of the `model.json` (the shards are read from its folder).
 * @throws {@link InvalidModelError} when the file is not a tfjs model, or a shard is missing or truncated.
 */
export async function readModelArtifacts(path: string): Promise<ModelFiles> {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidModelError(
      `Cannot read the TensorFlow.js model "${path}": ${error instanceof Error ? error.message : String(error)}. ` +
        'Give the path of the model.json written by tensorflowjs_converter or model.save().',
      { cause: error },
    );
  }
  const format = modelFormat(json, path);
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) {
    throw new InvalidModelError(
      `"${path}" has no weightsManifest: it is not a complete TensorFlow.js model.`,
    );
  }
  const weightSpecs: io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of manifest as io.WeightsManifestConfig) {
    weightSpecs.push(...group.weights);
    for (const shard of group.paths) {
      const shardPath = join(dirname(path), shard);
      try {
        shards.push(await readFile(shardPath));
      } catch (error) {
        throw new InvalidModelError(
          `The weight file "${shard}" listed in "${path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). ` +
            'Keep every shard next to model.json.',
          { cause: error },
        );
      }
    }
  }
  const total = shards.reduce((sum, shard) => sum + shard.byteLength, 0);
  const expected = weightSpecs.reduce((sum, spec) => sum + specBytes(spec), 0);
  if (total < expected) {
    throw new InvalidModelError(
      `The weights of "${path}" are truncated: the shards hold ${total} bytes, the manifest needs ${expected}. ` +
        'Download or convert the model again.',
    );
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  const artifacts: io.ModelArtifacts = {
    modelTopology: json.modelTopology as io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData: weightData.buffer,
    format,
  };
  for (const key of [
    'generatedBy',
    'convertedBy',
    'signature',
    'userDefinedMetadata',
    'modelInitializer',
    'initializerSignature',
    'trainingConfig',
  ] as const) {
    if (json[key] !== undefined) (artifacts as Record<string, unknown>)[key] = json[key];
  }
  return { artifacts, format };
}

/**
 * Whether a parsed `model.json` is a LayersModel or a GraphModel: its `format` field when present, otherwise the
 * shape of its topology (Keras config versus a GraphDef's `node` list).
 *
 * @throws {@link InvalidModelError} when it is neither.
 */
export function modelFormat(json: Record<string, unknown>, source = 'model.json'): TfjsModelFormat {
  if (json.format === 'layers-model' || json.format === 'graph-model') return json.format;
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  if (topology && Array.isArray(topology.node)) return 'graph-model';
  if (topology && (topology.model_config !== undefined || topology.class_name !== undefined)) {
    return 'layers-model';
  }
  throw new InvalidModelError(
    `"${source}" is not a TensorFlow.js model: it has neither a Keras topology (LayersModel) nor a graph ` +
      '(GraphModel).',
  );
}

function specBytes(spec: io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((product, size) => product * size, 1);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  if (dtype === 'string') return 0;
  return count * (bytesPerElement[dtype] ?? 4);
}
