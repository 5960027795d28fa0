import { describe, expect, it } from 'vitest';
import { colorize } from './colorize.js';
import { getColormap } from './colormaps/get-colormap.js';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { UnknownColormapError } from './errors/unknown-colormap-error.js';

const map = (width: number, height: number, values: number[]) => ({
  data: Float32Array.from(values),
  width,
  height,
});

describe('colorize', () => {
  it('paints a 2x2 map with jet by hand-computed entries', () => {
    // entry = floor(255 * v): 0 -> 0, 0.5 -> 127, 1 -> 255, 0.25 -> 63 (63.75 truncated).
    const image = colorize(map(2, 2, [0, 0.5, 1, 0.25]));
    expect(image.width).toBe(2);
    expect(image.height).toBe(2);
    expect([...image.data]).toEqual([0, 0, 128, 255, 126, 255, 130, 255, 128, 0, 0, 255, 0, 124, 255, 255]);
  });

  it('truncates like np.uint8(255 * mask) with the product in float32', () => {
    const jet = getColormap('jet');
    // 3/255 in float32 times 255 rounds to exactly 3 in float32 (2.9999999 in float64).
    const value = Math.fround(3 / 255);
    const image = colorize(map(1, 1, [value]));
    expect([...image.data.subarray(0, 3)]).toEqual([...jet.subarray(9, 12)]);
  });

  it('clamps out-of-range values and makes NaN transparent', () => {
    const image = colorize(map(4, 1, [-3, 7, Number.NaN, Number.POSITIVE_INFINITY]), { colormap: 'gray' });
    expect([...image.data]).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  });

  it('scales by min and max', () => {
    const image = colorize(map(3, 1, [10, 15, 20]), { colormap: 'gray', min: 10, max: 20 });
    expect([...image.data]).toEqual([0, 0, 0, 255, 127, 127, 127, 255, 255, 255, 255, 255]);
  });

  it('accepts a custom table', () => {
    const table = new Uint8Array(768);
    for (let i = 0; i < 256; i++) table.set([255 - i, i, 9], i * 3);
    const image = colorize(map(2, 1, [0, 1]), { colormap: table });
    expect([...image.data]).toEqual([255, 0, 9, 255, 0, 255, 9, 255]);
  });

  it('refuses bad input with typed errors', () => {
    expect(() => colorize(map(2, 2, [0, 1, 0]))).toThrow(InvalidArgumentError);
    expect(() => colorize(map(1, 1, [0]), { min: 1, max: 1 })).toThrow(InvalidArgumentError);
    expect(() => colorize(map(1, 1, [0]), { colormap: new Uint8Array(3) })).toThrow(/768 bytes/);
    expect(() => colorize(map(1, 1, [0]), { colormap: 'rainbow' as 'jet' })).toThrow(UnknownColormapError);
  });
});
