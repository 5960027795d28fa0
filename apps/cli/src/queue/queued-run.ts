import { createHash } from 'node:crypto';
import type { Redis as RedisClient } from 'ioredis';
import type { ExplainSettings } from '../explain-input.js';
import type { ModelOptions } from '../open-model.js';

/** The job data of one input: what a worker needs beyond the run. */
export interface QueuedInput {
  /** A path every worker can read, or an `http(s)://` address. */
  readonly input: string;
  /** Its file-name stem (see `queuedStemOf`). */
  readonly stem: string;
  /** The key of the run it belongs to ({@link QueuedRun.key}). */
  readonly run: string;
}

/**
 * A run as `gradcam queue submit` records it in Redis, once per queue: the model every worker opens and the
 * settings every input is explained with (the output folder is each worker's `--out`).
 */
export interface QueuedRun {
  /** A hash of the model and the settings: submitting with other options is another run. */
  readonly key: string;
  readonly model: ModelOptions;
  /** The model's one-line description, for the summary. */
  readonly description: string;
  /** The backend's notes, for the summary. */
  readonly notes: readonly string[];
  readonly settings: Omit<ExplainSettings, 'outDir'>;
  /** When it was first submitted (ms since the epoch). */
  readonly submittedAt: number;
}

/** The Redis key of a queue's run (next to BullMQ's `bull:<queue>:*` keys). */
export function runKeyOf(queue: string): string {
  return `gradcam:${queue}:run`;
}

/** The key of a run: a hash of what decides its outputs. */
export function runHash(model: ModelOptions, settings: Omit<ExplainSettings, 'outDir'>): string {
  return createHash('sha256').update(JSON.stringify({ model, settings })).digest('hex').slice(0, 32);
}

/** Reads a queue's run, or `undefined` when nothing was submitted to it. */
export async function readQueuedRun(redis: RedisClient, queue: string): Promise<QueuedRun | undefined> {
  const text = await redis.get(runKeyOf(queue));
  return text ? (JSON.parse(text) as QueuedRun) : undefined;
}

/** Records a queue's run. */
export async function writeQueuedRun(redis: RedisClient, queue: string, run: QueuedRun): Promise<void> {
  await redis.set(runKeyOf(queue), JSON.stringify(run));
}
