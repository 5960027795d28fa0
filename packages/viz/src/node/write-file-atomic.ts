import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * How the temporary files of {@link writeFileAtomic} and its siblings are named: `.<name>.<16 hex digits>.gradcam-tmp`
 * in the folder of the file they become. A process killed between writing and renaming leaves one behind;
 * once nothing writes to the folder, files matching this pattern can be removed.
 */
export const temporaryFilePattern: RegExp = /^\..+\.[0-9a-f]{16}\.gradcam-tmp$/;

function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.gradcam-tmp`);
}

async function replaceWith(path: string, write: (temporary: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPath(path);
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes a file so that a reader never sees it half-written: the bytes go to a temporary file in the same folder
 * (named by {@link temporaryFilePattern}), which is then renamed over `path` (atomic on one file system, NFS
 * included). A process killed in between leaves at most the temporary file, never a torn `path`; a failed write
 * removes it and leaves `path` as it was. Missing folders are created.
 *
 * @param path - the file to write (replaced if it exists).
 * @param data - its content (a string is written as UTF-8).
 * @throws the file system's errors as they come.
 * @example
 * ```ts
 * await writeFileAtomic('out/summary.json', JSON.stringify(summary));
 * ```
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await replaceWith(path, (temporary) => writeFile(temporary, data));
}

/**
 * {@link writeFileAtomic} for synchronous code (checkpoints written between training steps, caches).
 *
 * @param path - the file to write (replaced if it exists).
 * @param data - its content (a string is written as UTF-8).
 * @throws the file system's errors as they come.
 */
export function writeFileAtomicSync(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = temporaryPath(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Copies `source` to `path` the way {@link writeFileAtomic} writes: `path` is the old file or the whole copy.
 *
 * @param source - the file to copy.
 * @param path - the copy (replaced if it exists).
 * @throws the file system's errors as they come (a missing `source` among them).
 */
export async function copyFileAtomic(source: string, path: string): Promise<void> {
  await replaceWith(path, (temporary) => copyFile(source, temporary));
}
