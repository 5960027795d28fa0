import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isUrlInput } from '../input-source.js';
import { UsageError } from '../usage-error.js';

/**
 * Reads a manifest: one input per line, a path (relative paths are relative to the manifest's folder) or an
 * `http(s)://` address; blank lines and lines starting with `#` are skipped. The inputs are not opened here:
 * the workers read them, and one that cannot be read fails its own job.
 *
 * @throws {@link UsageError} when the manifest cannot be read or lists nothing.
 */
export async function readManifest(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the manifest ${path}.`);
  }
  const inputs = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => (isUrlInput(line) ? line : resolve(dirname(path), line)));
  if (inputs.length === 0) throw new UsageError(`The manifest ${path} lists no inputs.`);
  return inputs;
}
