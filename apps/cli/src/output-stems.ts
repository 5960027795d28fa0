import { basename, dirname, extname, sep } from 'node:path';
import { fileNamePart } from './file-name-part.js';

/**
 * A unique, readable file-name stem per input, for the files written about it. The stem is the file's name
 * without its extension. Inputs that would share one (compared without case, as macOS and Windows do) are told
 * apart by their extension when their extensions differ (`x.png` → `x-png`, `x.jpg` → `x-jpg`), then by as many
 * parent folders as it takes (`a/x.jpg` → `a_x`, `b/x.jpg` → `b_x`); a numeric suffix settles whatever is left
 * (`x y.png` and `x_y.png` → `x_y`, `x_y-2`).
 *
 * @param paths - the inputs' absolute paths, in run order; each should occur once.
 * @returns one stem per path, in the same order, pairwise different even ignoring case, free of dots.
 */
export function outputStems(paths: readonly string[]): string[] {
  const name = (path: string) => basename(path, extname(path));
  let stems = paths.map((path) => fileNamePart(name(path)));
  const extensions = new Map<string, Set<string>>();
  stems.forEach((stem, index) => {
    const key = stem.toLowerCase();
    extensions.set(key, (extensions.get(key) ?? new Set()).add(extname(paths[index]!).toLowerCase()));
  });
  stems = stems.map((stem, index) =>
    extensions.get(stem.toLowerCase())!.size > 1
      ? fileNamePart(`${name(paths[index]!)}-${extname(paths[index]!).slice(1)}`, 120)
      : stem,
  );
  const base = stems;
  for (let depth = 1; depth <= maxDepth(paths); depth++) {
    stems = refine(stems, paths, (_, index) => {
      const folders = dirname(paths[index]!).split(sep).filter(Boolean).slice(-depth);
      return [...folders, base[index]!].join('_');
    });
  }
  const taken = new Set<string>();
  return stems.map((stem) => {
    let unique = stem;
    for (let count = 2; taken.has(unique.toLowerCase()); count++) unique = `${stem}-${count}`;
    taken.add(unique.toLowerCase());
    return unique;
  });
}

/**
 * Re-names, with `rename`, the stems that collide with another one of a different folder (folders are what
 * the renaming tells apart); the others stay as they are.
 */
function refine(
  stems: readonly string[],
  paths: readonly string[],
  rename: (stem: string, index: number) => string,
): string[] {
  const folders = new Map<string, Set<string>>();
  stems.forEach((stem, index) => {
    const key = stem.toLowerCase();
    folders.set(key, (folders.get(key) ?? new Set()).add(dirname(paths[index]!)));
  });
  return stems.map((stem, index) =>
    folders.get(stem.toLowerCase())!.size > 1 ? fileNamePart(rename(stem, index), 120) : stem,
  );
}

function maxDepth(paths: readonly string[]): number {
  return Math.max(0, ...paths.map((path) => dirname(path).split(sep).filter(Boolean).length));
}
