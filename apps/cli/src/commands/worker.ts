import { relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { exitCodes } from '../exit-codes.js';
import { formatError } from '../format-error.js';
import type { ModelOptions } from '../open-model.js';
import type { JobAttempt, ServeQueueOptions, ServeQueueResult } from '../queue/serve-queue.js';
import type { RunOptions } from '../run-options.js';

/** The model options a worker may set for its own machine; the rest are the queued run's. */
function modelOverrides(options: RunOptions): Partial<ModelOptions> {
  const given = new Set(options.givenModelOptions);
  return {
    ...(given.has('backend') ? { backend: options.model.backend } : {}),
    ...(given.has('threads') && options.model.threads ? { threads: options.model.threads } : {}),
    ...(given.has('execution-provider') && options.model.executionProviders
      ? { executionProviders: options.model.executionProviders }
      : {}),
  };
}

function reportAttempt({ record, attempt, attempts }: JobAttempt): void {
  const name = relative(process.cwd(), record.input) || record.input;
  if (record.error) {
    const retry = attempt < attempts ? `attempt ${attempt} of ${attempts}, will retry` : 'failed';
    process.stderr.write(`error: ${name} (${retry}): ${record.error}\n`);
  } else process.stdout.write(`done ${name} (${(record.totalMs / 1000).toFixed(2)} s)\n`);
}

/**
 * `gradcam worker`: serves the queue on `--concurrency` threads (the first on the main thread) until SIGTERM or
 * SIGINT (the jobs in hand are finished first; a second signal exits at once) or, with `--exit-when-idle`, until
 * the queue is empty. Returns 0, or throws when Redis or the model fail.
 */
export async function runWorker(options: RunOptions): Promise<number> {
  const { loadQueueLibrary } = await import('../queue/queue-library.js');
  await loadQueueLibrary();
  const { serveQueue } = await import('../queue/serve-queue.js');
  const started = performance.now();
  const controller = new AbortController();
  const threads: Worker[] = [];
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    process.stderr.write(`${signal}: finishing the jobs in hand, then stopping (again to stop now).\n`);
    controller.abort();
    for (const thread of threads) thread.postMessage('stop');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const serveOptions: Omit<ServeQueueOptions, 'signal' | 'onReady' | 'onAttempt'> = {
    redis: options.redis,
    queue: options.queue,
    outDir: options.outDir,
    exitWhenIdle: options.exitWhenIdle,
    stallTimeout: options.stallTimeout,
    modelOverrides: modelOverrides(options),
  };
  const threadResults: Promise<ServeQueueResult | undefined>[] = [];
  let ready = false;
  const startThread = () =>
    new Promise<ServeQueueResult | undefined>((resolveThread) => {
      const thread = new Worker(new URL('../queue/worker-thread.js', import.meta.url), {
        workerData: serveOptions,
      });
      threads.push(thread);
      let result: ServeQueueResult | undefined;
      thread.on(
        'message',
        (message: { type: 'attempt'; attempt: JobAttempt } | { type: 'done'; result: ServeQueueResult }) => {
          if (message.type === 'attempt') reportAttempt(message.attempt);
          else result = message.result;
        },
      );
      thread.on('error', (error) =>
        process.stderr.write(`error: a worker thread stopped: ${formatError(error)}\n`),
      );
      thread.on('exit', () => resolveThread(result));
    });
  try {
    const main = await serveQueue({
      ...serveOptions,
      signal: controller.signal,
      onReady: (run) => {
        ready = true;
        process.stderr.write(
          `worker: queue ${options.queue} on ${options.redis}, ${run.description}, ${options.concurrency} at a time, writing to ${options.outDir}\n`,
        );
        for (let index = 1; index < options.concurrency; index++) threadResults.push(startThread());
      },
      onAttempt: reportAttempt,
    });
    if (!ready) process.stderr.write(`worker: nothing was submitted to queue ${options.queue}.\n`);
    const results = [main, ...(await Promise.all(threadResults)).filter((result) => result !== undefined)];
    const completed = results.reduce((sum, result) => sum + result.completed, 0);
    const failed = results.reduce((sum, result) => sum + result.failedAttempts, 0);
    process.stderr.write(
      `worker: ${completed} input${completed === 1 ? '' : 's'} explained, ${failed} failed attempt${failed === 1 ? '' : 's'}, in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
    );
    return exitCodes.ok;
  } finally {
    controller.abort();
    for (const thread of threads) thread.postMessage('stop');
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}
