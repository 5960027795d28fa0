import type { Job } from 'bullmq';
import { CliError } from '../cli-error.js';
import { type ExplainSettings, explainInput } from '../explain-input.js';
import { formatError } from '../format-error.js';
import { type ModelOptions, type OpenModel, openModel } from '../open-model.js';
import type { InputRecord } from '../records.js';
import { connectRedis } from './connect-redis.js';
import { toPortableRecord } from './portable-record.js';
import { loadQueueLibrary } from './queue-library.js';
import { type QueuedInput, type QueuedRun, readQueuedRun } from './queued-run.js';

/** What {@link serveQueue} needs. */
export interface ServeQueueOptions {
  /** The Redis address. */
  readonly redis: string;
  /** The queue's name. */
  readonly queue: string;
  /** The shared output folder. */
  readonly outDir: string;
  /** Return once no job is waiting, delayed or in progress. */
  readonly exitWhenIdle: boolean;
  /** Seconds without a lock renewal before a job is given to another worker. */
  readonly stallTimeout: number;
  /** Model options of this machine that replace the run's (backend, threads, execution providers). */
  readonly modelOverrides: Partial<ModelOptions>;
  /** Aborting it stops taking jobs; the jobs in hand are finished first. */
  readonly signal: AbortSignal;
  /** Called once the model is open, before the first job is taken. */
  readonly onReady?: (run: QueuedRun) => void;
  /** Called after each attempt at a job. */
  readonly onAttempt?: (attempt: JobAttempt) => void;
}

/** One attempt at one job, as {@link ServeQueueOptions.onAttempt} reports it. */
export interface JobAttempt {
  /** The input's record (with `error` when this attempt failed). */
  readonly record: InputRecord;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** How many attempts the job has. */
  readonly attempts: number;
}

/** What a worker did. */
export interface ServeQueueResult {
  /** Jobs completed. */
  readonly completed: number;
  /** Attempts that failed (each failed job counts once per attempt). */
  readonly failedAttempts: number;
}

const pollMs = 500;
/** Waits `ms`, or less when `signal` aborts; leaves no listener behind (workers poll for hours). */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolveSleep) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolveSleep();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

async function openRunModel(run: QueuedRun, overrides: Partial<ModelOptions>): Promise<OpenModel> {
  const options: ModelOptions = { ...run.model, ...overrides };
  try {
    return await openModel(options);
  } catch (error) {
    throw new CliError(`Cannot load the model of this run (${run.description}): ${formatError(error)}`);
  }
}

/**
 * A worker: opens the queued run's model once, then takes the queue's jobs one at a time and explains each input
 * with `explainInput` (the code `gradcam explain` runs), writing its files into the shared output folder and
 * returning its record (file paths relative to that folder) for Redis to keep. A failed input throws its one-line
 * reason, so BullMQ retries it up to the job's attempts and then keeps it as failed with that reason. A job whose
 * worker dies is given to another one by BullMQ's stalled-job check after `stallTimeout`.
 *
 * @throws {@link CliError} when Redis cannot be reached or the model cannot be loaded, before any job is taken.
 */
export async function serveQueue(options: ServeQueueOptions): Promise<ServeQueueResult> {
  const library = await loadQueueLibrary();
  const connection = await connectRedis(library, options.redis);
  let model: OpenModel | undefined;
  try {
    let run = await readQueuedRun(connection, options.queue);
    while (!run && !options.exitWhenIdle && !options.signal.aborted) {
      await sleep(pollMs * 4, options.signal);
      run = await readQueuedRun(connection, options.queue);
    }
    if (!run) return { completed: 0, failedAttempts: 0 };
    model = await openRunModel(run, options.modelOverrides);
    let settings: ExplainSettings = { ...run.settings, outDir: options.outDir };
    options.onReady?.(run);
    if (options.signal.aborted) return { completed: 0, failedAttempts: 0 };
    let completed = 0;
    let failedAttempts = 0;
    const processJob = async (job: Job<QueuedInput, InputRecord>): Promise<InputRecord> => {
      if (!model || job.data.run !== run!.key) {
        // The queue was cleared and given another run while this worker waited: follow it (a model that then
        // fails to load fails this attempt with the reason, and is tried again for the next job).
        const next = await readQueuedRun(connection, options.queue);
        if (!next || next.key !== job.data.run) throw new Error('This job belongs to a run that is gone.');
        await model?.dispose();
        model = undefined;
        model = await openRunModel(next, options.modelOverrides);
        run = next;
        settings = { ...next.settings, outDir: options.outDir };
      }
      const record = await explainInput(model.backend, job.data.input, job.data.stem, settings, model);
      const attempts = job.opts.attempts ?? 1;
      options.onAttempt?.({ record, attempt: job.attemptsMade + 1, attempts });
      if (record.error) {
        failedAttempts++;
        throw new Error(record.error);
      }
      completed++;
      return toPortableRecord(record, options.outDir);
    };
    const worker = new library.bullmq.Worker<QueuedInput, InputRecord>(options.queue, processJob, {
      connection,
      concurrency: 1,
      autorun: false,
      lockDuration: options.stallTimeout * 1000,
      stalledInterval: options.stallTimeout * 1000,
      maxStalledCount: 3,
    });
    worker.on('error', (error) => {
      process.stderr.write(`warning: queue ${options.queue}: ${formatError(error)}\n`);
    });
    const running = worker.run();
    const queue = new library.bullmq.Queue(options.queue, { connection });
    const stop = () => void worker.close();
    options.signal.addEventListener('abort', stop);
    try {
      while (options.exitWhenIdle && !options.signal.aborted && !worker.closing) {
        await sleep(pollMs, options.signal);
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).every((count) => count === 0)) break;
      }
      if (options.exitWhenIdle) await worker.close();
      await running;
    } finally {
      options.signal.removeEventListener('abort', stop);
      await worker.close();
      await queue.close();
    }
    return { completed, failedAttempts };
  } finally {
    await model?.dispose();
    connection.disconnect();
  }
}
