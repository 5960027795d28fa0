// A Redis of its own for the queue tests and benchmarks: Debian's redis-server on a free port of the loopback
// address, nothing saved to disk, stopped by `stop()`. Plain JavaScript so the benchmarks (.mjs) share it.
import { spawn, spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { Redis } from 'ioredis';

/** Debian's `redis-server`, or `undefined` when it is not installed (`.ci/run` installs it). */
export const redisServerPath = (() => {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
})();

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function accepts(port) {
  return new Promise((resolveTry) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveTry(true);
    });
    socket.once('error', () => resolveTry(false));
  });
}

/** Starts `redis-server` on a free local port and waits until it answers. */
export async function startRedis() {
  if (!redisServerPath) throw new Error('redis-server is not installed.');
  const port = await freePort();
  const server = spawn(
    redisServerPath,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: null });
  client.on('error', () => {});
  try {
    // Wait until it accepts connections, then connect the client once.
    for (let attempt = 0; !(await accepts(port)); attempt++) {
      if (attempt > 200 || server.exitCode !== null)
        throw new Error(`redis-server did not start on port ${port}.`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    server.kill('SIGTERM');
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: server.pid,
    client,
    stop: async () => {
      client.disconnect();
      server.kill('SIGTERM');
      if (server.exitCode === null) await new Promise((resolveExit) => server.once('exit', resolveExit));
    },
  };
}
