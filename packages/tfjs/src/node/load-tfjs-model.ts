import { fileURLToPath } from 'node:url';
import { InvalidModelError } from '@gradcam/core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { defaultTf, type TfCore } from '../tf-core.js';
import { modelFormat, readModelArtifacts, type TfjsModelFormat } from './read-model-artifacts.js';

/** Options of {@link loadTfjsModel}. */
export interface LoadTfjsModelOptions {
  /**
   * The TensorFlow.js namespace to load with. When it has `loadLayersModel` / `loadGraphModel` (the
   * `@tensorflow/tfjs` and `@tensorflow/tfjs-node` packages do), those are used; otherwise
   * `@tensorflow/tfjs-layers` or `@tensorflow/tfjs-converter` is imported.
   * @default the `@tensorflow/tfjs-core` this package resolves
   */
  readonly tf?: TfCore;
}

type Loaders = {
  loadLayersModel?: (source: unknown) => Promise<LayersModel>;
  loadGraphModel?: (source: unknown) => Promise<GraphModel>;
};

/**
 * Loads a TensorFlow.js model in Node, without tfjs-node: a `LayersModel` or a `GraphModel`, told apart by the
 * contents of its `model.json` (`format`, or the topology).
 *
 * @param pathOrUrl - path of a `model.json` on disk (its weight shards next to it), a `file:` URL, or an
 * `http(s):` URL (fetched).
 * @param options - see {@link LoadTfjsModelOptions}.
 * @throws {@link InvalidModelError} when the file is missing, corrupt, or not a tfjs model.
 *
 * @example
 * ```ts
 * const model = await loadTfjsModel('models/mobilenet/model.json');
 * const backend = await createTfjsBackend(model);
 * ```
 */
export async function loadTfjsModel(
  pathOrUrl: string | URL,
  options: LoadTfjsModelOptions = {},
): Promise<LayersModel | GraphModel> {
  const tf = options.tf ?? defaultTf;
  const text = pathOrUrl.toString();
  if (/^https?:\/\//i.test(text)) {
    const response = await fetch(text);
    if (!response.ok) {
      throw new InvalidModelError(`Cannot fetch "${text}": HTTP ${response.status} ${response.statusText}.`);
    }
    const format = modelFormat((await response.json()) as Record<string, unknown>, text);
    return load(tf, format, text);
  }
  const path = text.startsWith('file:') ? fileURLToPath(text) : text;
  const { artifacts, format } = await readModelArtifacts(path);
  return load(tf, format, tf.io.fromMemory(artifacts));
}

async function load(tf: TfCore, format: TfjsModelFormat, source: unknown): Promise<LayersModel | GraphModel> {
  const loaders = tf as unknown as Loaders;
  try {
    if (format === 'layers-model') {
      const loadLayersModel =
        loaders.loadLayersModel ?? (await importOptional('@tensorflow/tfjs-layers')).loadLayersModel;
      return await loadLayersModel!(source);
    }
    const loadGraphModel =
      loaders.loadGraphModel ?? (await importOptional('@tensorflow/tfjs-converter')).loadGraphModel;
    return await loadGraphModel!(source);
  } catch (error) {
    if (InvalidModelError.isInstance(error)) throw error;
    throw new InvalidModelError(
      `TensorFlow.js could not load the ${format}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

async function importOptional(name: string): Promise<Loaders> {
  try {
    return (await import(name)) as Loaders;
  } catch (error) {
    throw new InvalidModelError(`Loading this model needs ${name}: install it (npm install ${name}).`, {
      cause: error,
    });
  }
}
