import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** File extensions `gradcam explain` reads. */
export const inputExtensions = ['.png', '.jpg', '.jpeg', '.webp', '.npy'] as const;

/** Options of {@link collectInputs}. */
export interface CollectInputsOptions {
  /**
   * A folder not to look into while walking folders: the output folder, so that `gradcam explain .` does not
   * explain the overlays of an earlier run. Files named on the command line are kept.
   */
  readonly skipFolder?: string;
}

/**
 * Expands the command-line inputs: files as they are, folders recursively (files with a supported extension,
 * sorted). Paths the same file is reached by twice count once.
 *
 * @throws {@link UsageError} for no inputs, a path that does not exist, or a folder without inputs.
 */
export async function collectInputs(
  paths: readonly string[],
  options: CollectInputsOptions = {},
): Promise<string[]> {
  const skip = options.skipFolder === undefined ? undefined : resolve(options.skipFolder);
  if (paths.length === 0)
    throw new UsageError('No inputs: give image files (.png, .jpg, .webp), folders or .npy tensors.');
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new UsageError(`No such file or folder: ${path}`);
    if (info.isDirectory()) {
      const found = await walk(absolute, skip);
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

async function walk(folder: string, skip: string | undefined): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (path !== skip) files.push(...(await walk(path, skip)));
    } else if ((inputExtensions as readonly string[]).includes(extname(entry.name).toLowerCase()))
      files.push(path);
  }
  return files;
}
