import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Backend, OutputTensor, SpatialTensor } from '@gradcam/core';
import { guessPreprocessPreset, type PreprocessSpec, preprocessPresets } from '@gradcam/viz';
import { bundledAssets } from './bundled-assets.js';
import { CliError } from './cli-error.js';
import { formatError } from './format-error.js';
import { readLabels } from './labels.js';
import { onnxSessionOptions } from './onnx-session-options.js';
import { setupTfjs } from './setup-tfjs.js';
import { UsageError } from './usage-error.js';

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
  /** ONNX Runtime threads per session (intra- and inter-op). */
  readonly threads?: number;
  /** The output is explained as a whole (`--target detection|segmentation`): labels name its channels. */
  readonly denseOutput?: boolean;
  /** ONNX Runtime execution providers, in order of preference. */
  readonly executionProviders?: readonly string[];
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
  /**
   * Runs the model on `input` and reads the named outputs in full shape (TensorFlow.js GraphModels; ONNX models
   * opened for `--target detection|segmentation`). Used by the detection and segmentation targets, which need the
   * output's shape and the post-processed detections.
   */
  readonly readOutputs?: (input: SpatialTensor, names: readonly string[]) => Promise<OutputTensor[]>;
  /**
   * The model's outputs, when known: names and shapes (`-1` for an axis of any size; `[]` when not declared, as for
   * ONNX models, whose shapes are read by running the model).
   */
  readonly outputs?: readonly { readonly name: string; readonly shape: readonly number[] }[];
  /** The output explained: `--output`, or the model's first output. */
  readonly scoresOutput?: string;
  /** How the outputs order their axes: `'nhwc'` (TensorFlow.js) or `'nchw'` (ONNX). */
  readonly outputLayout?: 'nhwc' | 'nchw';
}

/** Opens the model: an ONNX file with ONNX Runtime, a model.json with TensorFlow.js. */
export async function openModel(options: ModelOptions): Promise<OpenModel> {
  const path = options.path ?? bundledAssets.model;
  const bundled = options.path === undefined;
  const labelsPath = options.labels ?? (bundled ? bundledAssets.labels : undefined);
  const labels = labelsPath ? await readLabels(labelsPath) : undefined;
  await readFile(path).catch(() => {
    throw new UsageError(`Cannot read the model file ${path}.`);
  });
  const isOnnx = extname(path).toLowerCase() === '.onnx';
  const opened = isOnnx ? await openOnnx(path, options) : await openTfjs(path, options);
  const { backend } = opened;
  if (
    labels &&
    !options.denseOutput &&
    backend.numClasses !== undefined &&
    labels.length !== backend.numClasses
  ) {
    throw new UsageError(
      `The labels file has ${labels.length} labels but the model scores ${backend.numClasses} classes.`,
    );
  }
  const { release, ...reader } = opened.graph ?? {};
  const guess = guessPreprocessPreset(backend.input);
  return {
    backend,
    ...(labels ? { labels } : {}),
    defaultPreprocess: bundled ? preprocessPresets.unit : preprocessPresets[guess],
    ...(bundled
      ? {}
      : {
          preprocessNote: `No --preprocess given: using the ${guess} preset (a guess from the input shape). Pass --preprocess to match how the model was trained.`,
        }),
    description: `${bundled ? 'darknet-tiny (bundled ImageNet model)' : path} on ${backend.name}`,
    ...reader,
    dispose: async () => {
      await release?.();
      await backend.dispose?.();
    },
  };
}

type GraphReader = Pick<OpenModel, 'readOutputs' | 'outputs' | 'scoresOutput' | 'outputLayout'> & {
  readonly release?: () => Promise<void>;
};

async function openOnnx(
  path: string,
  options: ModelOptions,
): Promise<{ backend: Backend; graph?: GraphReader }> {
  const [{ createOnnxBackend }, { readOnnxModel }, ort] = await Promise.all([
    import('@gradcam/onnx'),
    import('@gradcam/onnx/node'),
    import('onnxruntime-node'),
  ]);
  // A provider that cannot start is reported as one error line, without ONNX Runtime's own log lines.
  if (options.executionProviders) ort.env.logLevel = 'fatal';
  const model = await readOnnxModel(path);
  const sessionOptions = onnxSessionOptions(ort as never, options);
  const backend = await createOnnxBackend({
    ort: ort as never,
    model,
    ...(options.output ? { output: options.output } : {}),
    sessionOptions,
  }).catch((error: unknown) => {
    if (!options.executionProviders) throw error;
    throw new CliError(
      `--execution-provider ${options.executionProviders.join(',')} failed: ${formatError(error)}`,
    );
  });
  if (!options.denseOutput) return { backend };
  // The backend flattens its scores to [N, classes]; the dense targets need the outputs' full shapes, which a plain
  // session of the model gives (graph outputs only).
  const session = await ort.InferenceSession.create(model, sessionOptions);
  const inputName = backend.input.name ?? session.inputNames[0]!;
  const graph: GraphReader = {
    outputs: session.outputNames.map((name) => ({ name, shape: [] })),
    scoresOutput: options.output ?? session.outputNames[0]!,
    outputLayout: 'nchw',
    readOutputs: async (input, names) => {
      const missing = names.filter((name) => !session.outputNames.includes(name));
      if (missing.length > 0) {
        throw new UsageError(
          `"${missing.join('", "')}" is not an output of the ONNX model: name one of its outputs (${session.outputNames.join(', ')}) with --output.`,
        );
      }
      const feed = new ort.Tensor('float32', input.data, [...input.shape]);
      const results = await session.run({ [inputName]: feed }, [...names]);
      try {
        return names.map((name) => {
          const tensor = results[name]!;
          if (tensor.type !== 'float32' && tensor.type !== 'float64') {
            throw new UsageError(
              `The output "${name}" is ${tensor.type}; --target detection|segmentation reads float32 or float64 outputs.`,
            );
          }
          return { data: Float32Array.from(tensor.data as ArrayLike<number>), shape: [...tensor.dims] };
        });
      } finally {
        for (const tensor of Object.values(results)) tensor.dispose?.();
      }
    },
    release: () => session.release(),
  };
  return { backend, graph };
}

async function openTfjs(
  path: string,
  options: ModelOptions,
): Promise<{ backend: Backend; graph?: GraphReader }> {
  const tf = await setupTfjs(options.backend);
  const [{ createTfjsBackend }, { loadTfjsModel }] = await Promise.all([
    import('@gradcam/tfjs'),
    import('@gradcam/tfjs/node'),
  ]);
  const model = await loadTfjsModel(path, { tf: tf as never });
  const backend = await createTfjsBackend(model, {
    tf: tf as never,
    ...(options.output ? { output: options.output } : {}),
  });
  if (!('outputNodes' in model)) return { backend };
  const graph: GraphReader = {
    outputs: model.outputs.map(({ name, shape }) => ({ name: name.replace(/:0$/, ''), shape: shape ?? [] })),
    scoresOutput: options.output ?? model.outputNodes[0]!,
    readOutputs: async (input, names) => {
      const tensors = tf.tidy(() => {
        const x = tf.tensor(input.data, [...input.shape]);
        const result = model.execute({ [backend.input.name ?? model.inputNodes[0]!]: x }, [...names]);
        return Array.isArray(result) ? result : [result];
      });
      try {
        return await Promise.all(
          tensors.map(async (tensor) => ({
            data: Float32Array.from(await tensor.data()),
            shape: tensor.shape,
          })),
        );
      } finally {
        tf.dispose(tensors);
      }
    },
  };
  return { backend, graph };
}
