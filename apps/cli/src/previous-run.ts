import { readFile, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { InputRecord } from './records.js';

/**
 * Removes the results of an earlier run from an output folder, so that the folder then holds only the new run's
 * results: every file the earlier `summary.json` lists (originals, overlays, heat maps, `.npy` maps) that lies
 * inside the folder. Files gradcam did not list are never touched; `summary.json` and `index.html` are
 * rewritten by the new run.
 *
 * @param outDir - the output folder.
 * @returns how many files were removed (0 when there was no earlier run, or its summary is unreadable).
 */
export async function removePreviousRun(outDir: string): Promise<number> {
  let inputs: readonly InputRecord[];
  try {
    const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as {
      inputs?: readonly InputRecord[];
    };
    inputs = Array.isArray(summary.inputs) ? summary.inputs : [];
  } catch {
    return 0;
  }
  const files = new Set<string>();
  for (const record of inputs) {
    if (typeof record.original === 'string') files.add(record.original);
    for (const result of Array.isArray(record.results) ? record.results : []) {
      for (const file of Object.values(result.files ?? {})) if (typeof file === 'string') files.add(file);
    }
  }
  let removed = 0;
  for (const file of files) {
    const inside = relative(outDir, resolve(outDir, file));
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) continue;
    try {
      await rm(join(outDir, inside));
      removed++;
    } catch {
      // Already gone.
    }
  }
  return removed;
}
