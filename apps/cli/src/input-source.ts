import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CliError } from './cli-error.js';

/** True for an `http://` or `https://` address (a manifest may list these instead of paths). */
export function isUrlInput(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** The lower-case extension of an input's path or address (`.jpg`), ignoring a URL's query. */
export function inputExtension(source: string): string {
  return extname(isUrlInput(source) ? new URL(source).pathname : source).toLowerCase();
}

/** The name of an input without folders or extension, for its file names (`cat` for `/data/cat.jpg`). */
export function inputName(source: string): string {
  const path = isUrlInput(source) ? decodeURIComponent(new URL(source).pathname) : source;
  const base = path.split(/[\\/]/).filter(Boolean).pop() ?? 'input';
  const extension = extname(base);
  return extension ? base.slice(0, -extension.length) : base;
}

/**
 * Reads an input's bytes: a file, or an `http(s)://` address fetched once.
 *
 * @throws {@link CliError} with one line when it cannot be read.
 */
export async function readInputBytes(source: string): Promise<Buffer> {
  if (!isUrlInput(source)) {
    return readFile(source).catch(() => {
      throw new CliError(`Cannot read ${source}.`);
    });
  }
  let response: Response;
  try {
    response = await fetch(source);
  } catch (error) {
    throw new CliError(`Cannot fetch ${source}: ${(error as Error).message}.`);
  }
  if (!response.ok) throw new CliError(`Cannot fetch ${source}: HTTP ${response.status}.`);
  return Buffer.from(await response.arrayBuffer());
}
