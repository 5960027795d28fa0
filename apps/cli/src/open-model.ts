import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Backend } from '@gradcam/core';
import { bundledAssets } from './bundled-assets.js';
import { CliError } from './cli-error.js';
import { readLabels } from './labels.js';
import { type PreprocessSpec, presets } from './preprocess.js';
import { setupTfjs } from './setup-tfjs.js';

/** Which model to open, and how. */
export interface ModelOptions {
  /** `.onnx` or `model.json`; absent: the bundled darknet-tiny. */
  readonly path?: string;
  /** The output or tensor holding the class scores. */
  readonly output?: string;
  /** A labels file. */
  readonly labels?: string;
  /** TensorFlow.js backend. */
  readonly backend: 'wasm' | 'cpu' | 'tensorflow';
}

/** An open model, ready to explain. */
export interface OpenModel {
  readonly backend: Backend;
  readonly labels?: readonly string[];
  /** The preprocessing used when `--preprocess` is not given. */
  readonly defaultPreprocess: PreprocessSpec;
  /** Why that default, when it is a guess (printed as a note). */
  readonly preprocessNote?: string;
  /** A one-line description, e.g. "darknet-tiny (bundled, TensorFlow.js wasm)". */
  readonly description: string;
  readonly dispose: () => Promise<void>;
}

/** Opens the model: an ONNX file with ONNX Runtime, a model.json with TensorFlow.js. */
export async function openModel(options: ModelOptions): Promise<OpenModel> {
  const path = options.path ?? bundledAssets.model;
  const bundled = options.path === undefined;
  const labelsPath = options.labels ?? (bundled ? bundledAssets.labels : undefined);
  const labels = labelsPath ? await readLabels(labelsPath) : undefined;
  await readFile(path).catch(() => {
    throw new CliError(`Cannot read the model file ${path}.`);
  });
  const isOnnx = extname(path).toLowerCase() === '.onnx';
  const backend = isOnnx ? await openOnnx(path, options) : await openTfjs(path, options);
  if (labels && backend.numClasses !== undefined && labels.length !== backend.numClasses) {
    throw new CliError(
      `The labels file has ${labels.length} labels but the model scores ${backend.numClasses} classes.`,
    );
  }
  const channels = backend.input.layout === 'nchw' ? backend.input.shape[1] : backend.input.shape[3];
  const guess = channels === 1 ? presets.mnist! : presets.imagenet!;
  return {
    backend,
    ...(labels ? { labels } : {}),
    defaultPreprocess: bundled ? presets.unit! : { ...guess, size: undefined as never },
    ...(bundled
      ? {}
      : {
          preprocessNote: `No --preprocess given: using ${channels === 1 ? 'mnist' : 'imagenet'} (RGB, ImageNet mean/std). Pass --preprocess to match how the model was trained.`,
        }),
    description: `${bundled ? 'darknet-tiny (bundled ImageNet model)' : path} on ${backend.name}`,
    dispose: async () => backend.dispose?.(),
  };
}

async function openOnnx(path: string, options: ModelOptions): Promise<Backend> {
  const [{ createOnnxBackend }, { readOnnxModel }, ort] = await Promise.all([
    import('@gradcam/onnx'),
    import('@gradcam/onnx/node'),
    import('onnxruntime-node'),
  ]);
  return createOnnxBackend({
    ort: ort as never,
    model: await readOnnxModel(path),
    ...(options.output ? { output: options.output } : {}),
  });
}

async function openTfjs(path: string, options: ModelOptions): Promise<Backend> {
  const tf = await setupTfjs(options.backend);
  const [{ createTfjsBackend }, { loadTfjsModel }] = await Promise.all([
    import('@gradcam/tfjs'),
    import('@gradcam/tfjs/node'),
  ]);
  const model = await loadTfjsModel(path, { tf: tf as never });
  return createTfjsBackend(model, { tf: tf as never, ...(options.output ? { output: options.output } : {}) });
}
