import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './paths.js';

/** The names of the examples marked in the root README with `<!-- example:NAME -->` before a code block. */
export type ExampleName = 'node-onnx' | 'node-tfjs' | 'browser';

/**
 * The code of one README example: the fenced block right after its `<!-- example:NAME -->` marker, so that what
 * the README shows is what the tests run.
 *
 * @throws {Error} when the marker or its code block is missing.
 */
export function readmeExample(name: ExampleName): string {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  const marker = `<!-- example:${name} -->`;
  const start = readme.indexOf(marker);
  if (start < 0) throw new Error(`README.md has no ${marker} marker.`);
  const block = /^```[a-z]*\n([\s\S]*?)^```$/m.exec(readme.slice(start + marker.length));
  if (!block) throw new Error(`README.md has no code block after ${marker}.`);
  return block[1]!;
}
