import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { resizeImage } from './resize-image.js';
import type { RgbaImage } from './rgba-image.js';

const image = (width: number, height: number, pixels: number[][]): RgbaImage => ({
  data: Uint8ClampedArray.from(pixels.flat()),
  width,
  height,
});
const pixels = (result: RgbaImage) => {
  const out: number[][] = [];
  for (let i = 0; i < result.data.length; i += 4) out.push([...result.data.subarray(i, i + 4)]);
  return out;
};

describe('resizeImage', () => {
  it('upscales 2x1 to 4x1 with the half-pixel weights 1, 3/4, 1/4, 0', () => {
    const source = image(2, 1, [
      [0, 100, 200, 255],
      [100, 200, 0, 255],
    ]);
    expect(pixels(resizeImage(source, { height: 1, width: 4 }))).toEqual([
      [0, 100, 200, 255],
      [25, 125, 150, 255],
      [75, 175, 50, 255],
      [100, 200, 0, 255],
    ]);
  });

  it('keeps a constant image constant with every method', () => {
    const source = image(5, 3, new Array(15).fill([12, 34, 56, 78]));
    for (const method of ['bilinear', 'nearest', 'area'] as const) {
      const result = resizeImage(source, { height: 7, width: 3 }, { method });
      expect(pixels(result), method).toEqual(new Array(21).fill([12, 34, 56, 78]));
      expect(pixels(resizeImage(source, { height: 1, width: 2 }, { method })), method).toEqual([
        [12, 34, 56, 78],
        [12, 34, 56, 78],
      ]);
    }
  });

  it('averages whole blocks with area when shrinking by a large factor', () => {
    // 8x1 -> 2x1: bilinear samples only pixels 1-2 and 5-6 and misses the green of pixels 0 and 7;
    // area averages all four pixels of each half.
    const source = image(
      8,
      1,
      [255, 0, 0, 0, 0, 0, 0, 255].map((green, i) => [i % 2 ? 255 : 0, green, 0, 255]),
    );
    expect(pixels(resizeImage(source, { height: 1, width: 2 }, { method: 'area' }))).toEqual([
      [128, 64, 0, 255], // 127.5 rounds half to even: 128; 255 / 4 = 63.75
      [128, 64, 0, 255],
    ]);
    expect(pixels(resizeImage(source, { height: 1, width: 2 }))).toEqual([
      [128, 0, 0, 255],
      [128, 0, 0, 255],
    ]);
  });

  it('copies exact pixels with nearest', () => {
    const source = image(2, 1, [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    // centres (i + 0.5) * 2/3 = 1/3, 1, 5/3: a centre on a border goes to the right-hand pixel.
    expect(pixels(resizeImage(source, { height: 2, width: 3 }, { method: 'nearest' }))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [5, 6, 7, 8],
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [5, 6, 7, 8],
    ]);
  });

  it('refuses malformed images', () => {
    const bad: RgbaImage = { data: new Uint8ClampedArray(7), width: 2, height: 1 };
    expect(() => resizeImage(bad, { height: 1, width: 1 })).toThrow(InvalidArgumentError);
    expect(() => resizeImage(bad, { height: 1, width: 1 })).toThrow(/8 bytes/);
  });
});
