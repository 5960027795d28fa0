import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** How the temporary files of {@link writeFileAtomic} are named: `.<name>.<random>.gradcam-tmp`. */
export const temporaryFilePattern = /^\..+\.[0-9a-f]{16}\.gradcam-tmp$/;

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
 * Writes a file so that a reader never sees it half-written: the bytes go to a temporary file in the same folder,
 * which is then renamed over `path` (atomic on one file system, including NFS). A process killed in between leaves
 * at most a temporary file (named by {@link temporaryFilePattern}), never a torn `path`. Missing folders are made.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  await replaceWith(path, (temporary) => writeFile(temporary, bytes));
}

/** Copies `source` to `path` the way {@link writeFileAtomic} writes. */
export async function copyFileAtomic(source: string, path: string): Promise<void> {
  await replaceWith(path, (temporary) => copyFile(source, temporary));
}
