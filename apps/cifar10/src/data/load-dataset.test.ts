import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(existsSync(join(cacheDir, 'train.u8'))).toBe(true);
    const b = loadDataset(FIXTURE, { cacheDir });
    expect(b.train.images).toEqual(a.train.images);
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
