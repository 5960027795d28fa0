import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { CliError } from './cli-error.js';

/** File extensions `gradcam explain` reads. */
export const inputExtensions = ['.png', '.jpg', '.jpeg', '.webp', '.npy'] as const;

/**
 * Expands the command-line inputs: files as they are, folders recursively (files with a supported extension,
 * sorted). A missing path is an error; an empty folder is an error.
 */
export async function collectInputs(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0)
    throw new CliError('No inputs: give image files (.png, .jpg, .webp), folders or .npy tensors.');
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new CliError(`No such file or folder: ${path}`);
    if (info.isDirectory()) {
      const found = await walk(absolute);
      if (found.length === 0) {
        throw new CliError(
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
