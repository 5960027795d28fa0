import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { temporaryFilePattern } from '@gradcam/viz/node';

/**
 * Removes the temporary files a killed worker left in the output folder (named by `temporaryFilePattern`; the
 * files they were to become were written again by the worker that took the job over). Call it once no worker
 * writes there.
 *
 * @returns how many were removed.
 */
export async function removeTemporaryFiles(outDir: string): Promise<number> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  const leftovers = names.filter((name) => temporaryFilePattern.test(name));
  await Promise.all(leftovers.map((name) => rm(join(outDir, name), { force: true })));
  return leftovers.length;
}
