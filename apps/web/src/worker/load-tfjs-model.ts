import { InvalidModelError } from '@gradcam/core';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';

/** A loaded tfjs model and what its `model.json` says beyond the weights. */
export interface LoadedTfjsModel {
  /** The model. */
  readonly model: LayersModel | GraphModel;
  /** `userDefinedMetadata.classes`, when the file has them. */
  readonly classes?: readonly string[];
}

interface ModelJson {
  readonly format?: string;
  readonly modelTopology?: { readonly node?: unknown };
  readonly weightsManifest?: readonly { readonly paths?: readonly string[] }[];
  readonly userDefinedMetadata?: { readonly classes?: unknown };
}

async function readJson(text: () => Promise<string>, name: string): Promise<ModelJson> {
  let json: unknown;
  try {
    json = JSON.parse(await text());
  } catch (error) {
    throw new InvalidModelError(`"${name}" is not a TensorFlow.js model.json: it is not JSON.`, {
      cause: error,
    });
  }
  if (typeof json !== 'object' || json === null || !('modelTopology' in json)) {
    throw new InvalidModelError(
      `"${name}" is not a TensorFlow.js model.json: it has no modelTopology. Convert the model with tensorflowjs_converter.`,
    );
  }
  return json as ModelJson;
}

/**
 * Loads a TensorFlow.js LayersModel or GraphModel (told apart by its `format`, or a graph's `node` list) on the
 * active tfjs backend: from a URL, or from the user's `model.json` and weight files with `tf.io.browserFiles`.
 *
 * @throws `InvalidModelError` when the JSON is not a tfjs model, weight files it names are missing, or tfjs
 * cannot load it.
 */
export async function loadTfjsModel(
  from: { readonly url: string } | { readonly json: File; readonly weights: readonly File[] },
): Promise<LoadedTfjsModel> {
  const json =
    'url' in from
      ? await readJson(async () => {
          const response = await fetch(from.url);
          if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
          return response.text();
        }, from.url)
      : await readJson(() => from.json.text(), from.json.name);
  let handler: string | tf.io.IOHandler = 'url' in from ? from.url : '';
  if (!('url' in from)) {
    const needed = (json.weightsManifest ?? []).flatMap((group) => group.paths ?? []);
    const given = new Set(from.weights.map((file) => file.name));
    const missing = needed.map((path) => path.split('/').pop()!).filter((name) => !given.has(name));
    if (missing.length > 0) {
      throw new InvalidModelError(
        `"${from.json.name}" needs its weight file${missing.length > 1 ? 's' : ''} ${missing.map((name) => `"${name}"`).join(', ')}: ` +
          'pick them together with the model.json (hold Ctrl or Shift in the file dialog, or drop them all at once).',
      );
    }
    const used = from.weights.filter((file) => needed.some((path) => path.endsWith(file.name)));
    handler = tf.io.browserFiles([from.json, ...used]);
  }
  const isGraph = json.format === 'graph-model' || Array.isArray(json.modelTopology?.node);
  let model: LayersModel | GraphModel;
  try {
    model = isGraph ? await loadGraphModel(handler) : await loadLayersModel(handler);
  } catch (error) {
    throw new InvalidModelError(
      `TensorFlow.js could not load this ${isGraph ? 'GraphModel' : 'LayersModel'}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const classes = json.userDefinedMetadata?.classes;
  return {
    model,
    ...(Array.isArray(classes) && classes.every((name) => typeof name === 'string') ? { classes } : {}),
  };
}
