import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from './read-manifest.js';

describe('readManifest', () => {
  it('reads paths (relative to its folder) and http addresses, skipping blank lines and comments', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gradcam-manifest-'));
    const manifest = join(root, 'inputs.txt');
    writeFileSync(manifest, '# validation set\r\nval/a.png\n\n  /abs/b.jpg  \nhttps://example.org/c.png\n');
    expect(await readManifest(manifest)).toEqual([
      join(root, 'val', 'a.png'),
      '/abs/b.jpg',
      'https://example.org/c.png',
    ]);
  });

  it('refuses a manifest that lists nothing, or that cannot be read', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gradcam-manifest-'));
    writeFileSync(join(root, 'empty.txt'), '# nothing\n\n');
    await expect(readManifest(join(root, 'empty.txt'))).rejects.toThrow(/lists no inputs/);
    await expect(readManifest(join(root, 'missing.txt'))).rejects.toThrow(/Cannot read the manifest/);
  });
});
