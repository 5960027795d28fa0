import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  copyFileAtomic,
  temporaryFilePattern,
  writeFileAtomic,
  writeFileAtomicSync,
} from './write-file-atomic.js';

const folder = () => mkdtempSync(join(tmpdir(), 'gradcam-atomic-'));

describe('writeFileAtomic', () => {
  it('writes a new file in a new folder and replaces an old one, leaving no temporary file', async () => {
    const root = folder();
    const path = join(root, 'a', 'b', 'x.png');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    await writeFileAtomic(path, 'again');
    expect(readFileSync(path, 'utf8')).toBe('again');
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['x.png']);
  });

  it('keeps the old file whole and removes its temporary file when the write fails', async () => {
    const root = folder();
    const path = join(root, 'x.png');
    writeFileSync(path, 'old');
    await expect(copyFileAtomic(join(root, 'no-such-file'), path)).rejects.toThrow();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(root)).toEqual(['x.png']);
  });

  it('has a synchronous twin that writes and replaces the same way', () => {
    const root = folder();
    const path = join(root, 'c', 'state.json');
    writeFileAtomicSync(path, '{"epoch":1}');
    writeFileAtomicSync(path, '{"epoch":2}');
    expect(readFileSync(path, 'utf8')).toBe('{"epoch":2}');
    expect(readdirSync(join(root, 'c'))).toEqual(['state.json']);
  });

  it('names its temporary files so that they can be recognised and cleaned up', () => {
    expect(temporaryFilePattern.test('.x.png.0123456789abcdef.gradcam-tmp')).toBe(true);
    expect(temporaryFilePattern.test('x.png')).toBe(false);
    expect(temporaryFilePattern.test('.hidden.png')).toBe(false);
  });
});
