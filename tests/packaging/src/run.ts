import { spawnSync } from 'node:child_process';

/** What a finished command printed. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
  readonly seconds: number;
}

/**
 * Runs a command to completion and returns what it printed.
 *
 * @throws {Error} with its output when it exits with another code than 0, unless `allowFailure`.
 */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  options: { env?: NodeJS.ProcessEnv; allowFailure?: boolean; timeoutMs?: number } = {},
): RunResult {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const done: RunResult = {
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    status: result.status,
    seconds: (performance.now() - started) / 1000,
  };
  if (!options.allowFailure && result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status ?? result.signal}:\n` +
        `${done.stdout.slice(-4000)}\n${done.stderr.slice(-4000)}${result.error ? `\n${result.error.message}` : ''}`,
    );
  }
  return done;
}
