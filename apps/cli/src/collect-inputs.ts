import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** File extensions `gradcam explain` reads. */
export const inputExtensions = ['.png', '.jpg', '.jpeg', '.webp', '.npy'] as const;

/**
 * Expands the command-line inputs: files as they are, folders recursively (files with a supported extension,
 * sorted). Paths the same file is reached by twice count once.
 *
 * @throws {@link UsageError} for no inputs, a path that does not exist, or a folder without inputs.
 */
export async function collectInputs(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0)
    throw new UsageError('No inputs: give image files (.png, .jpg, .webp), folders or .npy tensors.');
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new UsageError(`No such file or folder: ${path}`);
    if (info.isDirectory()) {
      const found = await walk(absolute);
      if (found.length === 0) {
        throw new UsageError(
          `No images or .npy files in folder ${path} (looked for ${inputExtensions.join(', ')}).`,
        );
      }
      files.push(...found);
    } else {
      files.push(absolute);
    }
  }
  return [...new Set(files)];
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if ((inputExtensions as readonly string[]).includes(extname(entry.name).toLowerCase()))
      files.push(path);
  }
  return files;
}
