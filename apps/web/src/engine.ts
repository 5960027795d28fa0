import { type CamMethodName, classTarget, explain } from '@gradcam/core';
import { createTfjsBackend, type TfjsBackend } from '@gradcam/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import type { RgbaImage } from '@gradcam/viz';
// Registers tfjs's gradient functions and provides loadLayersModel.
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { toModelInput } from './preprocess.js';
import { type Prediction, topK } from './top-k.js';

// The build copies the tfjs-backend-wasm*.wasm binaries next to the bundle.
setWasmPaths('./');

/** The tfjs backends the demo offers. */
export const tfjsBackendNames = ['webgl', 'wasm', 'cpu'] as const;

/** One of {@link tfjsBackendNames}. */
export type TfjsBackendName = (typeof tfjsBackendNames)[number];

/** What to explain. */
export interface RunRequest {
  /** The tfjs backend to run on. */
  readonly backend: TfjsBackendName;
  /** The CAM method (a name from `@gradcam/core`'s `camMethodNames`). */
  readonly method: CamMethodName;
  /** The class to explain; `null`/absent: the top-1 class. */
  readonly classIndex?: number | null;
}

/** Wall-clock times of one run, in milliseconds. */
export interface RunTimings {
  /** Switching the tfjs backend and, the first time on a backend, loading the model. */
  readonly setupMs: number;
  /** `explain`'s backend passes (forward + gradient). */
  readonly backendMs: number;
  /** `explain`'s CAM math (weights, ReLU, normalisation, resize). */
  readonly camMs: number;
  /** All of `explain`. */
  readonly explainMs: number;
}

/** The result of one run. */
export interface RunResult {
  /** The tfjs backend it ran on (`tf.getBackend()`). */
  readonly backend: string;
  /** The method's name. */
  readonly method: string;
  /** The layer explained. */
  readonly layer: string;
  /** The class explained. */
  readonly classIndex: number;
  /** Its label. */
  readonly label: string;
  /** The map, `[0, 1]`, at the model's input size, row by row. */
  readonly map: Float32Array;
  /** Map width. */
  readonly width: number;
  /** Map height. */
  readonly height: number;
  /** The five best classes. */
  readonly top5: readonly Prediction[];
  /** Timings. */
  readonly timings: RunTimings;
}

/** Where the static site keeps the model. */
export const modelUrl = './models/darknet-tiny/model.json';

/**
 * Runs darknet-tiny and `@gradcam/core`'s `explain` on one tfjs backend at a time, loading the model once per
 * backend (so each model's weights live on its own backend).
 */
export class Engine {
  readonly #backends = new Map<TfjsBackendName, Promise<TfjsBackend>>();
  #queue: Promise<unknown> = Promise.resolve();

  /** @param labels - the class labels, index = class. */
  constructor(readonly labels: readonly string[]) {}

  /**
   * Explains `image` (RGBA at 224×224). Runs are queued: one at a time, since the tfjs backend is global.
   *
   * @throws when the tfjs backend cannot be initialised (e.g. no WebGL), or what `explain` throws.
   */
  run(image: RgbaImage, request: RunRequest): Promise<RunResult> {
    const next = this.#queue.then(() => this.#run(image, request));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #run(image: RgbaImage, request: RunRequest): Promise<RunResult> {
    const setupStart = performance.now();
    const backend = await this.#activate(request.backend);
    const setupMs = performance.now() - setupStart;
    const input = toModelInput(image);
    const explainStart = performance.now();
    const explanation = await explain({
      backend,
      input,
      method: request.method,
      ...(request.classIndex == null ? {} : { target: classTarget(request.classIndex) }),
    });
    const explainMs = performance.now() - explainStart;
    const sample = explanation.samples[0]!;
    const classIndex = sample.classIndex ?? -1;
    return {
      backend: tf.getBackend(),
      method: explanation.method,
      layer: explanation.layer,
      classIndex,
      label: this.labels[classIndex] ?? `class ${classIndex}`,
      map: sample.map.data,
      width: sample.map.width,
      height: sample.map.height,
      top5: topK(sample.scores, this.labels, 5),
      timings: {
        setupMs,
        backendMs: explanation.timings.backendMs,
        camMs: explanation.timings.camMs,
        explainMs,
      },
    };
  }

  async #activate(name: TfjsBackendName): Promise<TfjsBackend> {
    if (tf.getBackend() !== name) {
      const ok = await tf.setBackend(name);
      if (!ok) {
        throw new Error(
          `The tfjs "${name}" backend cannot be initialised in this browser` +
            (name === 'webgl' ? ' (no WebGL).' : '.'),
        );
      }
    }
    await tf.ready();
    let backend = this.#backends.get(name);
    if (!backend) {
      backend = loadLayersModel(modelUrl).then((model) => createTfjsBackend(model, { tf }));
      this.#backends.set(name, backend);
      backend.catch(() => this.#backends.delete(name));
    }
    return backend;
  }
}
