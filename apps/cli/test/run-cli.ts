import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Runs the built CLI and returns its exit code and output. */
export function runCli(args: readonly string[], cwd = process.cwd()) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    timeout: 240_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A new empty temporary folder. */
export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), 'gradcam-cli-'));
}
