import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { images } from '@gradcam/fixtures';
import { afterAll, describe, expect, it } from 'vitest';
import { UnsupportedImageFormatError } from '../errors/unsupported-image-format-error.js';
import type { RgbaImage } from '../rgba-image.js';
import { detectImageFormat } from './image-format.js';
import { readImage } from './read-image.js';
import { writeImage } from './write-image.js';

const folder = mkdtempSync(join(tmpdir(), 'gradcam-viz-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const checker: RgbaImage = {
  data: Uint8ClampedArray.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 128]),
  width: 2,
  height: 2,
};

describe('readImage / writeImage', () => {
  it('writes PNG for .png, losslessly, creating folders', async () => {
    const path = join(folder, 'nested', 'a.PNG');
    await writeImage(path, checker);
    expect(detectImageFormat(readFileSync(path))).toBe('png');
    const image = await readImage(path);
    expect([...image.data]).toEqual([...checker.data]);
  });

  it('writes JPEG for .jpg and .jpeg', async () => {
    for (const name of ['b.jpg', 'c.jpeg']) {
      const path = join(folder, name);
      await writeImage(path, checker, { quality: 100 });
      expect(detectImageFormat(readFileSync(path))).toBe('jpeg');
      const image = await readImage(path);
      expect(image.width).toBe(2);
      expect(image.height).toBe(2);
    }
  });

  it('reads the real photo', async () => {
    const image = await readImage(images.both);
    expect([image.width, image.height]).toEqual([224, 224]);
  });

  it('refuses an unknown extension before writing', async () => {
    await expect(writeImage(join(folder, 'd.gif'), checker)).rejects.toBeInstanceOf(
      UnsupportedImageFormatError,
    );
    await expect(writeImage(join(folder, 'e'), checker)).rejects.toThrow(/use \.png, \.jpg or \.jpeg/);
  });
});
