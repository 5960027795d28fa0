/**
 * The model worker: owns the model and runs every explanation, so the page never waits on the model. Requests
 * run one at a time in arrival order (tfjs has one global backend); an abort message cancels a running request
 * through `explain`'s `AbortSignal`, or a queued one before it starts.
 *
 * @packageDocumentation
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { AbortError } from '@gradcam/core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { WorkerRequest, WorkerResponse } from '../protocol.js';
import { ModelHost } from './model-host.js';
import { toPlainError } from './plain-error.js';

// The build copies the tfjs-backend-wasm*.wasm binaries next to the worker.
setWasmPaths(new URL('./', self.location.href).href);

const scope = self as unknown as {
  postMessage(message: WorkerResponse, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};
const host = new ModelHost();
const controllers = new Map<number, AbortController>();
let queue: Promise<void> = Promise.resolve();

async function handle(
  request: Exclude<WorkerRequest, { type: 'abort' }>,
  signal: AbortSignal,
): Promise<void> {
  try {
    if (signal.aborted) throw new AbortError(signal.reason);
    const value =
      request.type === 'load-model'
        ? await host.load(request.source, request.tfjsBackend)
        : await host.explain(request.body, signal, (done, total) =>
            scope.postMessage({ type: 'progress', id: request.id, done, total }),
          );
    // The map's buffer is moved, not copied (explain made it for this answer only).
    const transfer = 'map' in value ? [value.map.buffer as ArrayBuffer] : [];
    scope.postMessage({ type: 'result', id: request.id, value }, transfer);
  } catch (error) {
    scope.postMessage({ type: 'error', id: request.id, error: toPlainError(error) });
  } finally {
    controllers.delete(request.id);
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'abort') {
    controllers.get(request.id)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(request.id, controller);
  queue = queue.then(() => handle(request, controller.signal));
};
