import type { Redis } from 'ioredis';

/** Debian's `redis-server`, or `undefined` when it is not installed (`.ci/run` installs it). */
export declare const redisServerPath: string | undefined;

/** A Redis of its own for a test file: on a free port of the loopback address, nothing saved to disk. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** The redis-server process. */
  readonly pid: number;
  /** A client, for looking at the queue's keys. */
  readonly client: Redis;
  readonly stop: () => Promise<void>;
}

/** Starts `redis-server` on a free local port and waits until it answers. */
export declare function startRedis(): Promise<TestRedis>;
