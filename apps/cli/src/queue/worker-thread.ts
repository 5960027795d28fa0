import { parentPort, workerData } from 'node:worker_threads';
import { type ServeQueueOptions, serveQueue } from './serve-queue.js';

/** A worker thread of `gradcam worker --concurrency N`: one more queue worker with its own model. */
const options = workerData as Omit<ServeQueueOptions, 'signal' | 'onReady' | 'onAttempt'>;
const controller = new AbortController();
parentPort!.on('message', (message: unknown) => {
  if (message === 'stop') controller.abort();
});
const result = await serveQueue({
  ...options,
  signal: controller.signal,
  onAttempt: (attempt) => parentPort!.postMessage({ type: 'attempt', attempt }),
});
parentPort!.postMessage({ type: 'done', result });
parentPort!.close();
