import type { InferenceSession } from 'onnxruntime-common';

/** An ONNX Runtime tensor, as much of it as this package uses. */
export interface OrtTensor {
  /** Element type, e.g. `'float32'`. */
  readonly type: string;
  /** Shape. */
  readonly dims: readonly number[];
  /** Values (a typed array for CPU tensors). */
  readonly data: unknown;
  /** Releases the tensor's resources (onnxruntime-common 1.16+). */
  dispose?(): void;
}

/** An ONNX Runtime inference session, as much of it as this package uses. */
export interface OrtSession {
  /** Names of the model's inputs. */
  readonly inputNames: readonly string[];
  /** Names of the model's outputs. */
  readonly outputNames: readonly string[];
  /** Runs the model. */
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  /** Releases the session. */
  release?(): Promise<void>;
}

/** Session options, passed through to `InferenceSession.create` unchanged. */
export type OrtSessionOptions = InferenceSession.SessionOptions;

/**
 * The parts of an ONNX Runtime JavaScript module the backend uses: pass `import * as ort from 'onnxruntime-node'`
 * (Node) or `from 'onnxruntime-web'` (browsers, or Node with WebAssembly). Typed structurally so that any
 * onnxruntime-common 1.17+ build fits.
 */
export interface OrtModule {
  /** `ort.InferenceSession`. */
  readonly InferenceSession: {
    create(model: Uint8Array, options?: OrtSessionOptions): Promise<OrtSession>;
  };
  /** `ort.Tensor`. */
  readonly Tensor: new (
    type: 'float32',
    data: Float32Array,
    dims: readonly number[],
  ) => OrtTensor;
  /** `ort.env`, read for the runtime's name. */
  readonly env?: { readonly versions?: Readonly<Record<string, string | undefined>> };
}

/** `'onnxruntime-web'`, `'onnxruntime-node'` or `'onnxruntime'`, from the module's reported versions. */
export function runtimeName(ort: OrtModule): string {
  const versions = ort.env?.versions ?? {};
  if (versions.web) return 'onnxruntime-web';
  if (versions.node) return 'onnxruntime-node';
  return 'onnxruntime';
}
