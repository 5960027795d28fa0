import type { Redis as RedisClient } from 'ioredis';
import { CliError } from '../cli-error.js';
import type { QueueLibrary } from './queue-library.js';

/** How long the first connection may take before the command gives up. */
const connectTimeoutMs = 5_000;

/**
 * Connects to Redis for BullMQ (commands wait through later disconnections instead of failing, as BullMQ's
 * workers need). The first connection must succeed within a few seconds.
 *
 * @throws {@link CliError} with the address and the reason when Redis cannot be reached.
 */
export async function connectRedis(library: QueueLibrary, url: string): Promise<RedisClient> {
  const connection = new library.Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  // Errors while reconnecting are retried by ioredis; without a listener they would be printed as unhandled.
  connection.on('error', () => {});
  try {
    await Promise.race([
      connection.connect(),
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error(`no answer in ${connectTimeoutMs / 1000} s`)),
          connectTimeoutMs,
        ).unref(),
      ),
    ]);
  } catch (error) {
    connection.disconnect();
    throw new CliError(
      `Cannot reach Redis at ${url} (${(error as Error).message}): start it, or pass its address with --redis.`,
    );
  }
  return connection;
}
