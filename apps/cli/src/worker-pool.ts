import { Worker } from 'node:worker_threads';
import type { InputRecord } from './records.js';

/** A unit of work: one input file. */
export interface Task {
  readonly index: number;
  readonly path: string;
  readonly stem: string;
}

/** Runs one task in the current thread. */
export type LocalExecutor = (task: Task) => Promise<InputRecord>;

/** What every worker receives: the tasks, the shared counter of the next task, and its own data. */
export interface PoolData<T> {
  readonly tasks: readonly Task[];
  /** One Int32 in a SharedArrayBuffer: the index of the next task to take (`Atomics.add`). */
  readonly next: Int32Array;
  readonly data: T;
}

/** Takes the next task index from the shared counter, or `undefined` when all are taken. */
export function takeTask(pool: Pick<PoolData<unknown>, 'tasks' | 'next'>): Task | undefined {
  const index = Atomics.add(pool.next, 0, 1);
  return pool.tasks[index];
}

/**
 * Runs tasks on the main thread and on `workers` worker threads. Every thread takes the next task from a shared
 * atomic counter as soon as it is free, so no thread waits for another to hand it work. Results come back in
 * task order. A worker that dies fails its current task, not the run; tasks nobody took run on the main thread.
 */
export async function runTasks<T>(
  tasks: readonly Task[],
  local: LocalExecutor,
  workers: number,
  workerUrl: URL,
  data: T,
  onDone: (record: InputRecord) => void,
): Promise<InputRecord[]> {
  const results: InputRecord[] = new Array(tasks.length);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const pool: PoolData<T> = { tasks, next, data };
  const finish = (index: number, record: InputRecord) => {
    results[index] = record;
    onDone(record);
  };
  const runLocal = async () => {
    for (let task = takeTask(pool); task; task = takeTask(pool)) finish(task.index, await local(task));
  };
  const runWorker = () =>
    new Promise<void>((resolveWorker) => {
      const worker = new Worker(workerUrl, { workerData: pool });
      const current = new Set<number>();
      worker.on(
        'message',
        (
          message: { type: 'start'; index: number } | { type: 'done'; index: number; record: InputRecord },
        ) => {
          if (message.type === 'start') current.add(message.index);
          else {
            current.delete(message.index);
            finish(message.index, message.record);
          }
        },
      );
      worker.on('error', (error) => {
        for (const index of current) {
          finish(index, {
            input: tasks[index]!.path,
            predictions: [],
            results: [],
            error: `Worker failed: ${error.message}`,
            totalMs: 0,
          });
        }
        current.clear();
      });
      worker.on('exit', () => resolveWorker());
    });
  await Promise.all([runLocal(), ...Array.from({ length: workers }, runWorker)]);
  tasks.forEach((task) => {
    if (!results[task.index]) {
      finish(task.index, {
        input: task.path,
        predictions: [],
        results: [],
        error: 'Not processed: its worker stopped.',
        totalMs: 0,
      });
    }
  });
  return results;
}
