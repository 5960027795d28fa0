import { renameSync, writeFileSync } from 'node:fs';

/** Writes a file atomically: to `<path>.tmp-<pid>` first, then renames over `path`. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
