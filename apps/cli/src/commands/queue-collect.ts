import { exitCodes } from '../exit-codes.js';
import { connectRedis } from '../queue/connect-redis.js';
import { jobsIn, pendingStates, recordOfJob } from '../queue/job-records.js';
import { loadQueueLibrary } from '../queue/queue-library.js';
import { type QueuedInput, readQueuedRun } from '../queue/queued-run.js';
import { removeTemporaryFiles } from '../queue/remove-temporary-files.js';
import type { InputRecord } from '../records.js';
import type { RunOptions } from '../run-options.js';
import { writeRunSummary } from '../run-summary.js';
import { UsageError } from '../usage-error.js';
import { printHuman } from './explain.js';

/**
 * `gradcam queue collect`: writes `summary.json` and the `index.html` gallery into `--out` (the folder the workers
 * wrote to) from the results kept in Redis, in the format of a local `gradcam explain` run: one entry per input,
 * in input order, failed inputs with their reason and inputs not finished yet marked so. Returns 1 when an input
 * failed or is not finished.
 */
export async function runQueueCollect(options: RunOptions): Promise<number> {
  const library = await loadQueueLibrary();
  const connection = await connectRedis(library, options.redis);
  const queue = new library.bullmq.Queue<QueuedInput, InputRecord>(options.queue, { connection });
  try {
    const run = await readQueuedRun(connection, options.queue);
    if (!run) throw new UsageError(`Nothing was submitted to queue "${options.queue}" on ${options.redis}.`);
    const completed = await jobsIn(queue, ['completed']);
    const failed = await jobsIn(queue, ['failed']);
    const pending = await jobsIn(queue, pendingStates);
    const entries = [
      ...completed.map((job) => ({ job, record: recordOfJob(job, 'completed', options.outDir) })),
      ...failed.map((job) => ({ job, record: recordOfJob(job, 'failed', options.outDir) })),
      ...pending.map((job) => ({ job, record: recordOfJob(job, 'pending', options.outDir) })),
    ].sort((a, b) => (a.record.input < b.record.input ? -1 : a.record.input > b.record.input ? 1 : 0));
    const finished = [...completed, ...failed];
    const startedAt = Math.min(...finished.map((job) => job.processedOn ?? Number.POSITIVE_INFINITY));
    const endedAt = Math.max(...finished.map((job) => job.finishedOn ?? 0));
    const removed = pending.length === 0 ? await removeTemporaryFiles(options.outDir) : 0;
    if (removed > 0) {
      process.stderr.write(
        `note: removed ${removed} temporary file${removed === 1 ? '' : 's'} left by stopped workers.\n`,
      );
    }
    if (pending.length > 0) {
      process.stderr.write(
        `note: ${pending.length} input${pending.length === 1 ? ' is' : 's are'} not finished yet; collect again when the queue is done.\n`,
      );
    }
    const records = entries.map((entry) => entry.record);
    const summary = await writeRunSummary({
      model: run.description,
      notes: run.notes,
      outDir: options.outDir,
      records,
      totalMs: Number.isFinite(startedAt) && endedAt > startedAt ? endedAt - startedAt : 0,
      title: `gradcam: queue ${options.queue}`,
    });
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else printHuman(summary, records.length);
    return summary.failed > 0 ? exitCodes.failed : exitCodes.ok;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
