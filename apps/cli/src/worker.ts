import { parentPort, workerData } from 'node:worker_threads';
import { type ExplainSettings, explainInput } from './explain-input.js';
import { type ModelOptions, openModel } from './open-model.js';
import { type PoolData, takeTask } from './worker-pool.js';

/** Worker thread: opens the model once, then takes inputs from the shared counter until none are left. */
const pool = workerData as PoolData<{ model: ModelOptions; settings: ExplainSettings }>;
const model = await openModel(pool.data.model);
try {
  for (let task = takeTask(pool); task; task = takeTask(pool)) {
    parentPort!.postMessage({ type: 'start', index: task.index });
    const record = await explainInput(model.backend, task.path, task.stem, pool.data.settings, model);
    parentPort!.postMessage({ type: 'done', index: task.index, record });
  }
} finally {
  await model.dispose();
}
