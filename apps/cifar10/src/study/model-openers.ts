import type { Backend } from '@gradcam/core';
import { type BackendChoice, setupBackend } from '../backend/setup-backend.js';
import type { ModelOpeners } from './study-model.js';

/**
 * The study's model openers: tfjs models through `@gradcam/tfjs` on the backend {@link setupBackend} picks
 * (wasm here), ONNX models through `@gradcam/onnx` on onnxruntime-node with `threads` intra-op threads. Each
 * runtime is imported when its first model is opened.
 */
export function modelOpeners(tfjsBackend: BackendChoice, threads: number): ModelOpeners {
  let tfReady: Promise<string> | undefined;
  return {
    async tfjs(path: string): Promise<Backend> {
      tfReady ??= setupBackend(tfjsBackend);
      await tfReady;
      const tf = await import('@tensorflow/tfjs-core');
      const [{ createTfjsBackend }, { loadTfjsModel }] = await Promise.all([
        import('@gradcam/tfjs'),
        import('@gradcam/tfjs/node'),
      ]);
      const model = await loadTfjsModel(path, { tf: tf as never });
      return createTfjsBackend(model, { tf: tf as never });
    },
    async onnx(bytes: Uint8Array): Promise<Backend> {
      const [{ createOnnxBackend }, ort] = await Promise.all([
        import('@gradcam/onnx'),
        import('onnxruntime-node'),
      ]);
      return createOnnxBackend({
        ort: ort as never,
        model: bytes,
        sessionOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 },
      });
    },
  };
}
