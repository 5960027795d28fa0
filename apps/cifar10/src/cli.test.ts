import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The built command line (the package's test script runs after its build).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('./__fixtures__/study-sample', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cifar10-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]) {
  if (!existsSync(CLI))
    throw new Error(`build the app first (pnpm --filter @gradcam/app-cifar10 build): ${CLI}`);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

describe('cli.js study', () => {
  it.each([
    [
      ['--data', join(tmp, 'missing'), '--out', join(tmp, 'o')],
      /^error: data folder not found: .*missing\n$/,
    ],
    [['--out', join(tmp, 'o')], /^error: --data DIR is required/],
    [
      ['--data', SAMPLE, '--out', join(tmp, 'o'), '--methods', 'gradcam,nope'],
      /^error: unknown method 'nope'/,
    ],
    [
      ['--data', SAMPLE, '--out', join(tmp, 'o'), '--model', join(tmp, 'none.onnx')],
      /^error: model not found: /,
    ],
  ])('%j fails with one line and exit code 2', (args, message) => {
    const result = run('study', ...args, '--cache', join(tmp, 'cache'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(tmp, 'o', 'index.html'))).toBe(false);
  });
});
