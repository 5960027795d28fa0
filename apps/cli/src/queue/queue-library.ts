import { CliError } from '../cli-error.js';

/** The two optional packages the queue commands run on. */
export interface QueueLibrary {
  readonly bullmq: typeof import('bullmq');
  readonly Redis: typeof import('ioredis').Redis;
}

/**
 * Loads BullMQ and ioredis. They are optional dependencies of the CLI, loaded only by `gradcam queue` and
 * `gradcam worker`, so `gradcam explain` runs without them.
 *
 * @throws {@link CliError} saying how to install them when either is missing.
 */
export async function loadQueueLibrary(): Promise<QueueLibrary> {
  try {
    const [bullmq, ioredis] = await Promise.all([import('bullmq'), import('ioredis')]);
    return { bullmq, Redis: ioredis.Redis };
  } catch (error) {
    throw new CliError(
      `gradcam queue and gradcam worker need the packages bullmq and ioredis (${(error as Error).message.split('\n')[0]}): install them next to gradcam, e.g. npm install -g bullmq ioredis.`,
    );
  }
}
