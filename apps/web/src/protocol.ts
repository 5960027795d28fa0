/**
 * The messages between the page and the model worker, in one place so both sides are typed by it. Every request
 * carries an `id`; the worker answers it with one `result` or one `error` message and, for long work, any number
 * of `progress` messages before that. `{ type: 'abort', id }` cancels the request with that id (its answer is
 * then an `error` whose `name` is `'AbortError'`).
 *
 * @packageDocumentation
 */
import type { CamMethodName, Prediction } from '@gradcam/core';
import type { PreprocessSpec } from '@gradcam/viz';

/** The TensorFlow.js backends the demo offers. */
export const tfjsBackendNames = ['wasm', 'webgl', 'cpu'] as const;

/** One of {@link tfjsBackendNames}. */
export type TfjsBackendName = (typeof tfjsBackendNames)[number];

/** Where a model comes from: one of the bundled models, or the user's files. */
export type ModelSource =
  | { readonly kind: 'bundled'; readonly id: string }
  | { readonly kind: 'files'; readonly files: readonly File[] };

/** A layer the user can explain at. */
export interface LayerSummary {
  /** The name to pass as `layer`. */
  readonly name: string;
  /** The operation that produces it (`Conv2D`, `Relu`, ...). */
  readonly kind: string;
  /** Its output shape, `null` for a free axis. */
  readonly outputShape: readonly (number | null)[];
}

/** What the page learns about a loaded model. */
export interface ModelInfo {
  /** A display name (the bundled model's, or the file's). */
  readonly name: string;
  /** The runtime: `'tfjs'` (with the tfjs backend in use) or `'onnxruntime-web'`. */
  readonly runtime: string;
  /** The tfjs backend, for tfjs models. */
  readonly tfjsBackend?: TfjsBackendName;
  /** WebAssembly threads the runtime uses (tfjs `wasm` or onnxruntime-web); absent for webgl and cpu. */
  readonly threads?: number;
  /** The input shape in {@link ModelInfo.layout}, `null` for a free axis. */
  readonly inputShape: readonly (number | null)[];
  /** The input layout. */
  readonly layout: 'nchw' | 'nhwc';
  /** The layers with a spatial output, in model order. */
  readonly layers: readonly LayerSummary[];
  /** The layer `explain` chooses when none is given. */
  readonly defaultLayer: string;
  /** The number of classes, when known. */
  readonly numClasses?: number;
  /** Class labels, index = class, when the model or the bundle has them. */
  readonly labels?: readonly string[];
  /** The backend's notes (for example that pre-softmax scores are explained). */
  readonly notes: readonly string[];
  /** Time to load the model, in milliseconds. */
  readonly loadMs: number;
}

/** A tensor already preprocessed for the model, in its layout. */
export interface PlainTensor {
  /** Row-major values. */
  readonly data: Float32Array | readonly number[];
  /** Its 4-D shape. */
  readonly shape: readonly number[];
}

/** An 8-bit RGBA image (an `ImageData`'s fields). */
export interface PlainImage {
  /** RGBA bytes, row by row. */
  readonly data: Uint8ClampedArray;
  /** Columns. */
  readonly width: number;
  /** Rows. */
  readonly height: number;
}

/** What to explain. */
export interface ExplainRequestBody {
  /** The CAM method. */
  readonly method: CamMethodName;
  /** The class; absent: the top-1 class. */
  readonly classIndex?: number;
  /** The layer; absent: the automatic choice. */
  readonly layer?: string;
  /** The image and how to preprocess it ... */
  readonly image?: PlainImage;
  /** ... with this preprocessing (required with `image`). */
  readonly preprocess?: PreprocessSpec;
  /** ... or an already-preprocessed tensor (takes precedence over `image`). */
  readonly input?: PlainTensor;
  /** How many predictions to return. @default 5 */
  readonly topK?: number;
}

/** Wall-clock times of one explanation in the worker, in milliseconds. */
export interface WorkerTimings {
  /** Image to tensor (resize, channels, normalisation). */
  readonly preprocessMs: number;
  /** The backend's passes of the input (forward + gradient). */
  readonly backendMs: number;
  /** The CAM math, including the extra passes of Score-CAM and Ablation-CAM. */
  readonly camMs: number;
  /** All of `explain`. */
  readonly explainMs: number;
}

/** The worker's answer to an explanation. */
export interface ExplainResult {
  /** The method's name. */
  readonly method: string;
  /** The layer explained (absent for input-space methods such as guided-backprop, which use none). */
  readonly layer?: string;
  /** The class explained. */
  readonly classIndex: number;
  /**
   * Input-space methods: the raw attribution of every input element, `[channels, height, width]`, row by row
   * (the map is its largest absolute value over the channels, normalised).
   */
  readonly attributions?: { readonly data: Float32Array; readonly shape: readonly [number, number, number] };
  /** The map in `[0, 1]` at the model input's height and width, row by row. */
  readonly map: Float32Array;
  /** Map height. */
  readonly height: number;
  /** Map width. */
  readonly width: number;
  /** The best classes, with softmax probabilities and labels when known. */
  readonly predictions: readonly Prediction[];
  /** The explanation's warnings (e.g. an all-zero map). */
  readonly warnings: readonly string[];
  /** Timings. */
  readonly timings: WorkerTimings;
}

/** A request from the page to the worker. */
export type WorkerRequest =
  | {
      readonly type: 'load-model';
      readonly id: number;
      readonly source: ModelSource;
      /** For tfjs models. */
      readonly tfjsBackend: TfjsBackendName;
    }
  | { readonly type: 'explain'; readonly id: number; readonly body: ExplainRequestBody }
  | { readonly type: 'abort'; readonly id: number };

/** An error as it crosses the worker boundary. */
export interface PlainError {
  /** The error class's name (`AbortError`, `InvalidModelError`, ...). */
  readonly name: string;
  /** A gradcam error's `code`, when it has one. */
  readonly code?: string;
  /** The message for the user. */
  readonly message: string;
}

/** What each request type resolves to. */
export interface WorkerResults {
  /** `load-model`. */
  readonly 'load-model': ModelInfo;
  /** `explain`. */
  readonly explain: ExplainResult;
}

/** A message from the worker to the page. */
export type WorkerResponse =
  | { readonly type: 'result'; readonly id: number; readonly value: WorkerResults[keyof WorkerResults] }
  | { readonly type: 'error'; readonly id: number; readonly error: PlainError }
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number };
