import {
  type Backend,
  chooseLayer,
  classTarget,
  explain,
  InvalidModelError,
  isSpatialLayer,
  isTokenLayer,
  ShapeMismatchError,
  type SpatialTensor,
  spatialDimensions,
  topK,
} from '@gradcam/core';
import { createTfjsBackend } from '@gradcam/tfjs';
import { imageToInput } from '@gradcam/viz';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { findBundledModel } from '../bundled-models.js';
import type {
  ExplainRequestBody,
  ExplainResult,
  ModelInfo,
  ModelSource,
  TfjsBackendName,
} from '../protocol.js';
import { classifyModelFiles } from './classify-model-files.js';
import { loadOnnxModel, onnxThreads } from './load-onnx-model.js';
import { loadTfjsModel } from './load-tfjs-model.js';
import { manyPassBatchSize } from './many-pass-batch-size.js';
import { parseLabels } from './read-labels.js';
import { yieldingBackend } from './yielding-backend.js';

/** The loaded model: its backend (wrapped to yield between passes), what the page is told, and how to free it. */
interface HostedModel {
  readonly backend: Backend;
  readonly info: ModelInfo;
  readonly dispose: () => Promise<void>;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok)
    throw new InvalidModelError(`Could not download ${url}: ${response.status} ${response.statusText}.`);
  return new Uint8Array(await response.arrayBuffer());
}

async function activateTfjs(name: TfjsBackendName): Promise<void> {
  if (tf.getBackend() !== name && !(await tf.setBackend(name))) {
    throw new Error(
      `The TensorFlow.js "${name}" backend cannot start in this browser${name === 'webgl' ? ' (no WebGL 2 in workers)' : ''}: pick another.`,
    );
  }
  await tf.ready();
}

/**
 * Owns the model in the worker: loads bundled or user models (tfjs on the chosen tfjs backend, ONNX on
 * onnxruntime-web), and explains inputs with `@gradcam/core`'s `explain`. One model at a time; loading another
 * frees the previous one.
 */
export class ModelHost {
  #model: HostedModel | undefined;

  /**
   * Loads a model and describes it.
   *
   * @throws `InvalidModelError` for files that are not one usable model; the previous model then stays loaded.
   */
  async load(source: ModelSource, tfjsBackend: TfjsBackendName): Promise<ModelInfo> {
    const started = performance.now();
    let name: string;
    let runtime: 'tfjs' | 'onnx';
    let labels: readonly string[] | undefined;
    let backend: Backend;
    if (source.kind === 'bundled') {
      const bundled = findBundledModel(source.id);
      if (!bundled) throw new InvalidModelError(`There is no bundled model "${source.id}".`);
      name = bundled.name;
      runtime = bundled.runtime;
      if (bundled.labels !== 'metadata') {
        const response = await fetch(bundled.labels.url);
        labels = parseLabels(await response.text());
      }
      if (runtime === 'onnx') {
        backend = await loadOnnxModel(await fetchBytes(bundled.url));
      } else {
        await activateTfjs(tfjsBackend);
        const loaded = await loadTfjsModel({ url: bundled.url });
        labels ??= loaded.classes;
        backend = await createTfjsBackend(loaded.model, { tf });
      }
    } else {
      const files = classifyModelFiles(source.files);
      if (files.kind === 'onnx') {
        name = files.file.name;
        runtime = 'onnx';
        backend = await loadOnnxModel(new Uint8Array(await files.file.arrayBuffer()));
      } else {
        name = files.json.name;
        runtime = 'tfjs';
        await activateTfjs(tfjsBackend);
        const loaded = await loadTfjsModel(files);
        labels = loaded.classes;
        try {
          backend = await createTfjsBackend(loaded.model, { tf });
        } catch (error) {
          loaded.model.dispose();
          throw error;
        }
      }
    }
    const layers = (await backend.listLayers()).filter(
      (layer) => isSpatialLayer(layer) || isTokenLayer(layer),
    );
    const chosen = chooseLayer(layers);
    if (!chosen) {
      await backend.dispose?.();
      throw new InvalidModelError(`${name} has no layer with a spatial (4-D) or token output to explain.`);
    }
    const previous = this.#model;
    const info: ModelInfo = {
      name,
      runtime: runtime === 'onnx' ? backend.name : 'tfjs',
      ...(runtime === 'tfjs' ? { tfjsBackend: tf.getBackend() as TfjsBackendName } : {}),
      ...(runtime === 'onnx'
        ? { threads: onnxThreads() }
        : tf.getBackend() === 'wasm'
          ? { threads: getThreadsCount() }
          : {}),
      inputShape: [...backend.input.shape],
      layout: backend.input.layout,
      layers: layers.map((layer) => ({ name: layer.name, kind: layer.kind, outputShape: layer.outputShape })),
      defaultLayer: chosen.name,
      ...(backend.numClasses === undefined ? {} : { numClasses: backend.numClasses }),
      ...(labels ? { labels } : {}),
      notes: backend.notes ?? [],
      loadMs: performance.now() - started,
    };
    // The tfjs backend disposes its model; the ONNX backend releases its sessions.
    this.#model = { backend: yieldingBackend(backend), info, dispose: async () => backend.dispose?.() };
    await previous?.dispose();
    return info;
  }

  /**
   * Explains one image (preprocessed here with `imageToInput`) or one already-preprocessed tensor.
   *
   * @throws `AbortError` when `signal` is aborted; `ShapeMismatchError` for a tensor of the wrong size; what
   * `explain` throws (unknown layer, class out of range, an operator without a gradient).
   */
  async explain(
    body: ExplainRequestBody,
    signal: AbortSignal,
    onProgress: (done: number, total: number) => void,
  ): Promise<ExplainResult> {
    const model = this.#model;
    if (!model) throw new Error('No model is loaded yet.');
    const { backend, info } = model;
    const preprocessStarted = performance.now();
    const input = this.#input(body, backend);
    const preprocessMs = performance.now() - preprocessStarted;
    const { height, width } = spatialDimensions(input.shape, input.layout);
    const batchSize = manyPassBatchSize(height, width);
    const explanation = await explain({
      backend,
      input,
      method: body.method,
      methodOptions: {
        scorecam: { batchSize },
        ablationcam: { batchSize },
        'fast-scorecam': { batchSize },
        shapleycam: { batchSize },
      },
      ...(body.layer ? { layer: body.layer } : {}),
      ...(body.classIndex === undefined ? {} : { target: classTarget(body.classIndex) }),
      signal,
      onProgress,
    });
    const sample = explanation.samples[0]!;
    const layer = explanation.layers[0];
    const attributions = sample.attributions;
    return {
      method: explanation.method,
      ...(layer === undefined ? {} : { layer }),
      ...(attributions
        ? {
            attributions: {
              data: attributions.data,
              shape: [attributions.shape[1], attributions.shape[2], attributions.shape[3]] as const,
            },
          }
        : {}),
      classIndex: sample.classIndex ?? -1,
      map: sample.map.data,
      height: sample.map.height,
      width: sample.map.width,
      predictions: topK(sample.scores, {
        k: Math.min(body.topK ?? 5, sample.scores.length),
        ...(info.labels ? { labels: info.labels } : {}),
      }),
      warnings: explanation.warnings.map((warning) => warning.message),
      timings: {
        preprocessMs,
        backendMs: explanation.timings.backendMs,
        camMs: explanation.timings.camMs,
        explainMs: explanation.timings.totalMs,
      },
    };
  }

  #input(body: ExplainRequestBody, backend: Backend): SpatialTensor {
    const { layout } = backend.input;
    if (body.input) {
      const { shape } = body.input;
      if (shape.length !== 4 || shape.some((size) => !Number.isInteger(size) || size < 1)) {
        throw new ShapeMismatchError(
          `The input tensor's shape [${shape.join(', ')}] is not 4-D: give [1, ${layout === 'nchw' ? 'channels, height, width' : 'height, width, channels'}].`,
          { expected: backend.input.shape, actual: shape },
        );
      }
      return {
        data: Float32Array.from(body.input.data),
        shape: shape as unknown as SpatialTensor['shape'],
        layout,
      };
    }
    if (!body.image || !body.preprocess)
      throw new Error('Nothing to explain: give an image or an input tensor.');
    return imageToInput(body.image, backend.input, body.preprocess);
  }
}
