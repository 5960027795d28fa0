// The types of `window.gradcamDemo`, the page's hook for automated tests (see the README); main.ts implements it.
import type { CamMethodName } from '@gradcam/core';
import type { LiveStats } from './live-camera.js';
import type { ExplainResult, TfjsBackendName } from './protocol.js';

/** What `gradcamDemo.run` takes. */
export interface DemoRunRequest {
  /** The CAM method. @default the method select's value */
  readonly method?: CamMethodName;
  /** The class; absent or `null`: the top-1 class. */
  readonly classIndex?: number | null;
  /** The layer; absent: the automatic choice. */
  readonly layer?: string;
  /** An already-preprocessed tensor in the model's layout (skips the image and its preprocessing). */
  readonly input?: { readonly data: readonly number[]; readonly shape: readonly number[] };
  /** For tfjs models: the tfjs backend to run on (the model is reloaded on it when needed). */
  readonly backend?: TfjsBackendName;
}

/** A prediction as the hook returns it. */
export interface DemoPrediction {
  /** Class index. */
  readonly classIndex: number;
  /** Its label, when the model has labels. */
  readonly label?: string;
  /** The raw score. */
  readonly score: number;
  /** Softmax probability. */
  readonly probability: number;
}

/** What `gradcamDemo.run` resolves to: plain values that cross `page.evaluate`. */
export interface DemoRunResult {
  /** The map in `[0, 1]` at the model input's size, row by row. */
  readonly map: number[];
  /** Map height. */
  readonly height: number;
  /** Map width. */
  readonly width: number;
  /** The class explained. */
  readonly classIndex: number;
  /** Its label, when known. */
  readonly label?: string;
  /** The method's name. */
  readonly method: string;
  /** The layer explained (absent for input-space methods). */
  readonly layer?: string;
  /** Where it ran: the tfjs backend (`wasm`, `webgl`, `cpu`) or `onnxruntime-web`. */
  readonly backend: string;
  /** The top-5 classes. */
  readonly predictions: readonly DemoPrediction[];
  /** Milliseconds: the worker's steps, the round trip seen from the page, and drawing. */
  readonly timings: ExplainResult['timings'] & { readonly roundTripMs: number; readonly drawMs: number };
}

/** What `gradcamDemo.loadModel` resolves to. */
export interface DemoModelSummary {
  /** The model's name. */
  readonly name: string;
  /** `'tfjs'` or `'onnxruntime-web'`. */
  readonly runtime: string;
  /** Its input shape (`null` for a free axis), in its layout. */
  readonly inputShape: readonly (number | null)[];
  /** The names of its layers with a spatial output. */
  readonly layers: readonly string[];
}

/** The test hook on `window.gradcamDemo`; documented in the README. */
export interface GradcamDemoHook {
  /** Resolves once the first model and image are loaded. */
  readonly ready: Promise<void>;
  /** Loads the user's model from files, as the `#model-file` input does. */
  loadModel(files: File[]): Promise<DemoModelSummary>;
  /** Explains the current image (or `input`) and shows the result on the page. */
  run(request?: DemoRunRequest): Promise<DemoRunResult>;
  /** Cancels the running `run` (it rejects with an `AbortError`). */
  cancel(): void;
  /** Runs the live camera mode for `seconds`, then stops it. */
  live(options: { readonly seconds: number }): Promise<LiveStats>;
}

declare global {
  interface Window {
    gradcamDemo: GradcamDemoHook;
  }
}
