import type { OrtModule, OrtSessionOptions } from '../runtime/ort-module.js';

/** Options of {@link createOnnxBackend}. */
export interface OnnxBackendOptions {
  /**
   * The ONNX Runtime module: `import * as ort from 'onnxruntime-node'` in Node, `'onnxruntime-web'` in browsers
   * (or in Node, with WebAssembly).
   */
  readonly ort: OrtModule;
  /**
   * The model: the `.onnx` file's bytes, or a URL fetched with `fetch` (browsers; in Node read files with
   * `readOnnxModel` from `@gradcam/onnx/node`). Weights must be embedded (no external data).
   */
  readonly model: Uint8Array | ArrayBuffer | string;
  /** The input layout. ONNX image models take `'nchw'`, the only layout supported. @default 'nchw' */
  readonly layout?: 'nchw';
  /**
   * The tensor whose values are the scores: any graph output or intermediate tensor, for multi-output models or
   * to explain probabilities. @default the first output, or the tensor before a final Softmax / LogSoftmax
   */
  readonly output?: string;
  /** Passed unchanged to every `InferenceSession.create` (execution providers, threads, optimisation level). */
  readonly sessionOptions?: OrtSessionOptions;
  /**
   * The input shape `[N, C, H, W]` (`null` for a free batch axis), required when the model leaves height, width
   * or channels free. @default the model's declared input shape
   */
  readonly inputShape?: readonly (number | null)[];
  /** The backend's name in messages. @default `'onnxruntime-node'` or `'onnxruntime-web'`, from the module */
  readonly name?: string;
}
