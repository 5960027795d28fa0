import { parentPort, workerData } from 'node:worker_threads';
import { type ExplainSettings, explainInput } from './explain-input.js';
import { type ModelOptions, openModel } from './open-model.js';
import type { Task } from './worker-pool.js';

/** Worker thread: opens the model once, then explains the inputs the main thread sends. */
const { model: modelOptions, settings } = workerData as { model: ModelOptions; settings: ExplainSettings };
const model = await openModel(modelOptions);
parentPort!.on('message', async (task: Task) => {
  const record = await explainInput(model.backend, task.path, task.stem, settings);
  parentPort!.postMessage({ type: 'done', record });
});
parentPort!.postMessage({ type: 'ready' });
