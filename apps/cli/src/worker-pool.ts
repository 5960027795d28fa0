import { Worker } from 'node:worker_threads';
import type { InputRecord } from './records.js';

/** A unit of work: one input file. */
export interface Task {
  readonly index: number;
  readonly path: string;
  readonly stem: string;
}

/** Runs tasks in the current thread. */
export type LocalExecutor = (task: Task) => Promise<InputRecord>;

/**
 * Runs tasks on the main thread and on `workers` worker threads, each worker taking the next task as soon as it
 * is free. Results come back in task order. A worker that dies fails its task, not the run.
 */
export async function runTasks(
  tasks: readonly Task[],
  local: LocalExecutor,
  workers: number,
  workerUrl: URL,
  workerData: unknown,
  onDone: (record: InputRecord) => void,
): Promise<InputRecord[]> {
  const results: InputRecord[] = new Array(tasks.length);
  let next = 0;
  const take = () => (next < tasks.length ? tasks[next++] : undefined);
  const finish = (task: Task, record: InputRecord) => {
    results[task.index] = record;
    onDone(record);
  };
  const runLocal = async () => {
    for (let task = take(); task; task = take()) finish(task, await local(task));
  };
  const runWorker = () =>
    new Promise<void>((resolvePool) => {
      const worker = new Worker(workerUrl, { workerData });
      let current: Task | undefined;
      const feed = () => {
        current = take();
        if (current) worker.postMessage(current);
        else void worker.terminate().then(() => resolvePool());
      };
      worker.on('message', (message: { type: 'ready' } | { type: 'done'; record: InputRecord }) => {
        if (message.type === 'done' && current) finish(current, message.record);
        feed();
      });
      worker.on('error', (error) => {
        if (current) {
          finish(current, {
            input: current.path,
            predictions: [],
            results: [],
            error: `Worker failed: ${error.message}`,
            totalMs: 0,
          });
        }
        resolvePool();
      });
    });
  await Promise.all([runLocal(), ...Array.from({ length: workers }, runWorker)]);
  // Tasks a dead worker never took are run here.
  await runLocal();
  return results;
}
