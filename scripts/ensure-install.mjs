#!/usr/bin/env node
// Installs the workspace with the pinned pnpm when node_modules is missing or older than the lockfile.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.modules.yaml');
const lockfile = join(root, 'pnpm-lock.yaml');
const fresh =
  existsSync(marker) && (!existsSync(lockfile) || statSync(marker).mtimeMs >= statSync(lockfile).mtimeMs);
if (!fresh) {
  console.log('Installing dependencies with pnpm (first run only)...');
  const args = ['scripts/pnpm.mjs', 'install', '--loglevel', 'warn'];
  if (process.env.CI) args.push('--frozen-lockfile');
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
