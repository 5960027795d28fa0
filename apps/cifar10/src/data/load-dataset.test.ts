import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CIFAR10_CLASSES, orderClasses } from './class-order.js';
import { DataError } from './data-error.js';
import { loadDataset } from './load-dataset.js';

const FIXTURE = fileURLToPath(new URL('../__fixtures__/tiny-cifar', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cifar10-data-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadDataset', () => {
  it('decodes the JPEG folders in labels.txt order and caches them as raw uint8', () => {
    const cacheDir = join(tmp, 'cache');
    const a = loadDataset(FIXTURE, { cacheDir });
    expect(a.classes).toEqual([...CIFAR10_CLASSES]);
    expect(a.train.count).toBe(20);
    expect(a.test.count).toBe(10);
    expect(Array.from(a.test.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a.test.files.slice(0, 2)).toEqual(['airplane/0002.jpg', 'automobile/0002.jpg']);
    expect(existsSync(join(cacheDir, 'train.u8'))).toBe(true);
    const b = loadDataset(FIXTURE, { cacheDir });
    expect(b.train.images).toEqual(a.train.images);
    expect(b.test.files).toEqual(a.test.files);
    // Real photos, not blank: the pixel values spread over most of 0..255.
    const px = Array.from(a.train.images.subarray(0, 3072));
    expect(Math.max(...px) - Math.min(...px)).toBeGreaterThan(100);
  });

  it('fails with a DataError for a missing or malformed folder', () => {
    expect(() => loadDataset(join(tmp, 'nope'))).toThrow(DataError);
    const bad = join(tmp, 'bad');
    mkdirSync(join(bad, 'train', 'cat'), { recursive: true });
    mkdirSync(join(bad, 'train', 'dog'), { recursive: true });
    writeFileSync(join(bad, 'train', 'cat', 'x.jpg'), 'not a jpeg');
    expect(() => loadDataset(bad, { cacheDir: join(tmp, 'c2') })).toThrow(/cannot decode/);
  });

  it('with onUnreadable, reports and leaves out an image it cannot decode, also when read from the cache', () => {
    const dir = join(tmp, 'one-bad');
    for (const c of ['cat', 'dog']) mkdirSync(join(dir, 'test', c), { recursive: true });
    const good = readFileSync(join(FIXTURE, 'test', 'cat', '0002.jpg'));
    writeFileSync(join(dir, 'test', 'cat', 'a.jpg'), good);
    writeFileSync(join(dir, 'test', 'cat', 'b.jpg'), 'not a jpeg');
    writeFileSync(join(dir, 'test', 'dog', 'c.jpg'), good);
    const reported: string[] = [];
    const options = {
      splits: ['test' as const],
      cacheDir: join(tmp, 'c3'),
      onUnreadable: (file: string) => reported.push(file),
    };
    const first = loadDataset(dir, options);
    expect(reported).toEqual([join(dir, 'test', 'cat', 'b.jpg')]);
    expect(first.test.files).toEqual(['cat/a.jpg', 'dog/c.jpg']);
    expect(Array.from(first.test.labels)).toEqual([0, 1]);
    const second = loadDataset(dir, options);
    expect(second.test.files).toEqual(['cat/a.jpg', 'dog/c.jpg']);
    expect(second.test.images).toEqual(first.test.images);
  });

  it('orders classes by labels.txt, then alphabetically', () => {
    expect(orderClasses(['b', 'cat', 'a', 'airplane'], ['airplane', 'cat'])).toEqual([
      'airplane',
      'cat',
      'a',
      'b',
    ]);
    expect(orderClasses(['b', 'a'], undefined)).toEqual(['a', 'b']);
  });
});
