import { exitCodes } from '../exit-codes.js';
import { connectRedis } from '../queue/connect-redis.js';
import { loadQueueLibrary } from '../queue/queue-library.js';
import { type QueuedInput, readQueuedRun } from '../queue/queued-run.js';
import type { InputRecord } from '../records.js';
import type { RunOptions } from '../run-options.js';

/** How many of the latest completed jobs the throughput is measured on. */
const recentJobs = 200;

/** What `gradcam queue status --json` prints. */
export interface QueueStatus {
  readonly queue: string;
  /** The run's model, when one was submitted. */
  readonly model?: string;
  readonly waiting: number;
  readonly active: number;
  /** Waiting for a retry. */
  readonly delayed: number;
  readonly completed: number;
  readonly failed: number;
  /** Workers connected now. */
  readonly workers: number;
  /** Inputs per second over the latest completed jobs (absent before two are done). */
  readonly throughput?: number;
  /** Seconds until the jobs not finished are done at that throughput. */
  readonly etaSeconds?: number;
}

/** `gradcam queue status`: the counts of the queue's jobs, the throughput and the ETA. */
export async function runQueueStatus(options: RunOptions): Promise<number> {
  const library = await loadQueueLibrary();
  const connection = await connectRedis(library, options.redis);
  const queue = new library.bullmq.Queue<QueuedInput, InputRecord>(options.queue, { connection });
  try {
    const run = await readQueuedRun(connection, options.queue);
    const counts = await queue.getJobCounts(
      'waiting',
      'prioritized',
      'active',
      'delayed',
      'completed',
      'failed',
    );
    const latest = (await queue.getJobs(['completed'], 0, recentJobs - 1, false)).filter(Boolean);
    const finished = latest.map((job) => job.finishedOn ?? 0).filter((time) => time > 0);
    const span = (Math.max(...finished) - Math.min(...finished)) / 1000;
    const throughput = finished.length >= 2 && span > 0 ? (finished.length - 1) / span : undefined;
    const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    const pending = waiting + (counts.active ?? 0) + (counts.delayed ?? 0);
    const status: QueueStatus = {
      queue: options.queue,
      ...(run ? { model: run.description } : {}),
      waiting,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      workers: await queue.getWorkersCount(),
      ...(throughput ? { throughput, etaSeconds: pending / throughput } : {}),
    };
    if (options.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    else {
      const out = (line: string) => process.stdout.write(`${line}\n`);
      out(`queue ${status.queue}${status.model ? `: ${status.model}` : ' (nothing submitted)'}`);
      out(
        `  waiting ${status.waiting} · active ${status.active} · retrying ${status.delayed} · completed ${status.completed} · failed ${status.failed}`,
      );
      out(
        `  workers ${status.workers} · ${status.throughput ? `${status.throughput.toFixed(2)} inputs/s` : 'throughput not known yet'}${status.etaSeconds !== undefined ? ` · ETA ${formatSeconds(status.etaSeconds)}` : ''}`,
      );
    }
    return exitCodes.ok;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
