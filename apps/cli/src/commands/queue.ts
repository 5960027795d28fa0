import { exitCodes } from '../exit-codes.js';
import type { RunOptions } from '../run-options.js';

/** `gradcam queue <submit|status|collect|clear>`: each loads BullMQ and ioredis only when run. */
export async function runQueue(options: RunOptions): Promise<number> {
  switch (options.subcommand) {
    case 'submit':
      return (await import('./queue-submit.js')).runQueueSubmit(options);
    case 'status':
      return (await import('./queue-status.js')).runQueueStatus(options);
    case 'collect':
      return (await import('./queue-collect.js')).runQueueCollect(options);
    default:
      return runQueueClear(options);
  }
}

/** `gradcam queue clear`: deletes the queue's jobs, their results and its run (the files written stay). */
async function runQueueClear(options: RunOptions): Promise<number> {
  const { loadQueueLibrary } = await import('../queue/queue-library.js');
  const { connectRedis } = await import('../queue/connect-redis.js');
  const { runKeyOf } = await import('../queue/queued-run.js');
  const library = await loadQueueLibrary();
  const connection = await connectRedis(library, options.redis);
  const queue = new library.bullmq.Queue(options.queue, { connection });
  try {
    await queue.obliterate({ force: true });
    await connection.del(runKeyOf(options.queue));
    process.stdout.write(`Cleared queue ${options.queue}.\n`);
    return exitCodes.ok;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
