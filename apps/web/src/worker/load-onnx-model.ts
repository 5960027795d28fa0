import type { Backend } from '@gradcam/core';
import { createOnnxBackend } from '@gradcam/onnx';
import * as ort from 'onnxruntime-web/wasm';

// The build copies onnxruntime-web's loader (.mjs) and binary (.wasm) to ort/ next to the worker.
ort.env.wasm.wasmPaths = new URL('./ort/', self.location.href).href;
// Threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages (COOP + COEP).
ort.env.wasm.numThreads = self.crossOriginIsolated
  ? Math.max(1, Math.min(4, navigator.hardwareConcurrency))
  : 1;

/**
 * Loads an ONNX model from its bytes into a `@gradcam/onnx` backend on onnxruntime-web (wasm). Always bytes, never
 * a path: the page has no file system.
 *
 * @throws what `createOnnxBackend` throws: `InvalidModelError` for a file that is not a usable ONNX classifier
 * (one image input), `CapabilityNotSupportedError` for a free input size.
 */
export function loadOnnxModel(bytes: Uint8Array): Promise<Backend> {
  return createOnnxBackend({ ort, model: bytes, name: 'onnxruntime-web' });
}

/** The number of threads onnxruntime-web uses here. */
export const onnxThreads = (): number => ort.env.wasm.numThreads ?? 1;
