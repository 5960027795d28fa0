import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error.js';
import { UsageError } from './usage-error.js';

/**
 * Reads a label file: one label per line, or `index,label` lines (the index is dropped; lines must be in index
 * order), or a JSON array of strings.
 */
export async function readLabels(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the labels file "${path}".`);
  }
  if (text.trimStart().startsWith('[')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) throw new CliError(`Labels file "${path}" is not a JSON array.`);
    return parsed.map(String);
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const indexed = lines.every((line) => /^\d+\s*,/.test(line));
  return lines.map((line) => (indexed ? line.replace(/^\d+\s*,\s*/, '') : line).trim());
}

/**
 * Resolves a `--class` value: a class index, or a label (exact, then case-insensitive, then the first label
 * that contains it as a comma-separated synonym).
 *
 * @throws {@link UsageError} for an index out of range or a label the model does not have.
 */
export function resolveClass(
  value: string,
  labels: readonly string[] | undefined,
  numClasses: number,
): number {
  if (/^\d+$/.test(value)) {
    const index = Number(value);
    if (index >= numClasses) {
      throw new UsageError(
        `--class ${index} is out of range: the model scores ${numClasses} classes (0 to ${numClasses - 1}).`,
      );
    }
    return index;
  }
  if (!labels)
    throw new UsageError(
      `--class "${value}" is a label, but the model has no labels: pass --labels FILE or an index.`,
    );
  const lower = value.toLowerCase();
  let index = labels.indexOf(value);
  if (index < 0) index = labels.findIndex((label) => label.toLowerCase() === lower);
  if (index < 0)
    index = labels.findIndex((label) =>
      label
        .toLowerCase()
        .split(/\s*,\s*/)
        .includes(lower),
    );
  if (index < 0) {
    const close = labels.filter((label) => label.toLowerCase().includes(lower)).slice(0, 5);
    throw new UsageError(
      `--class "${value}" is not a label of this model.${close.length ? ` Did you mean: ${close.join('; ')}?` : ''}`,
    );
  }
  return index;
}
