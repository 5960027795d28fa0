import type { Job, Queue } from 'bullmq';
import type { InputRecord } from '../records.js';
import { fromPortableRecord } from './portable-record.js';
import type { QueuedInput } from './queued-run.js';

/** Jobs read per round trip. */
const pageSize = 1000;

/** The states of a job that is not finished. */
export const pendingStates = ['waiting', 'active', 'delayed', 'prioritized'] as const;

/** Every job of a queue in the given states, read a page at a time. */
export async function jobsIn(
  queue: Queue<QueuedInput, InputRecord>,
  states: readonly (typeof pendingStates)[number][] | readonly ('completed' | 'failed')[],
): Promise<Job<QueuedInput, InputRecord>[]> {
  const jobs: Job<QueuedInput, InputRecord>[] = [];
  for (let start = 0; ; start += pageSize) {
    const page = await queue.getJobs([...states], start, start + pageSize - 1, true);
    jobs.push(...page.filter((job): job is Job<QueuedInput, InputRecord> => Boolean(job)));
    if (page.length < pageSize) return jobs;
  }
}

/**
 * The record of one job for `summary.json`: a completed job's returned record (its files resolved in `outDir`),
 * a failed job's reason, or for a job not finished yet, an error saying so.
 */
export function recordOfJob(
  job: Job<QueuedInput, InputRecord>,
  state: 'completed' | 'failed' | 'pending',
  outDir: string,
): InputRecord {
  if (state === 'completed' && job.returnvalue) return fromPortableRecord(job.returnvalue, outDir);
  const error =
    state === 'pending'
      ? 'Not explained yet: its job is still queued or running (see gradcam queue status).'
      : (job.failedReason ?? 'Failed without a reason.');
  return {
    input: job.data.input,
    predictions: [],
    results: [],
    error,
    totalMs: job.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : 0,
  };
}
