import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { HeatMap } from './heat-map.js';
import { resizeMap } from './resize-map.js';

type Map = { width: number; height: number; data: number[] };
/** cv2.resize outputs from OpenCV 4.6.0 (scripts/make-reference.py). */
const reference = JSON.parse(
  readFileSync(new URL('./__fixtures__/reference.json', import.meta.url), 'utf8'),
) as {
  overlay: { coarse: Map; mask: number[]; width: number; height: number };
  resize: { small: Map; big: Map; expected: Record<string, number[]> };
};

const map = (width: number, height: number, values: number[]): HeatMap => ({
  data: Float32Array.from(values),
  width,
  height,
});
const fromReference = (m: Map) => map(m.width, m.height, m.data);
const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
};

describe('resizeMap', () => {
  it('upscales 2x1 to 4x1 with half-pixel centres and edge clamping', () => {
    // sample points (i + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1)
    const result = resizeMap(map(2, 1, [0, 100]), { height: 1, width: 4 });
    expect([...result.data]).toEqual([0, 25, 75, 100]);
    expect(result.width).toBe(4);
    expect(result.height).toBe(1);
  });

  it('keeps a constant map constant with every method', () => {
    for (const method of ['bilinear', 'nearest', 'area'] as const) {
      for (const [width, height] of [
        [7, 3],
        [2, 2],
        [1, 9],
      ] as const) {
        const result = resizeMap(
          map(5, 4, new Array(20).fill(0.375)),
          { height: height, width: width },
          { method },
        );
        expect([...result.data], `${method} ${width}x${height}`).toEqual(
          new Array(width * height).fill(0.375),
        );
      }
    }
  });

  it('halves by averaging pixel pairs (bilinear and area agree at 2x)', () => {
    const source = map(4, 1, [0, 10, 20, 40]);
    expect([...resizeMap(source, { height: 1, width: 2 }).data]).toEqual([5, 30]);
    expect([...resizeMap(source, { height: 1, width: 2 }, { method: 'area' }).data]).toEqual([5, 30]);
  });

  it('picks the pixel under the centre with nearest', () => {
    expect([...resizeMap(map(3, 1, [1, 2, 3]), { height: 1, width: 6 }, { method: 'nearest' }).data]).toEqual(
      [1, 1, 2, 2, 3, 3],
    );
    expect([
      ...resizeMap(map(6, 1, [1, 2, 3, 4, 5, 6]), { height: 1, width: 3 }, { method: 'nearest' }).data,
    ]).toEqual([2, 4, 6]);
  });

  it('equals cv2.resize INTER_LINEAR and INTER_AREA on float32 maps (within float32 rounding)', () => {
    const { coarse, mask, width, height } = reference.overlay;
    const { small, big, expected } = reference.resize;
    expect(
      maxDifference(resizeMap(fromReference(coarse), { height: height, width: width }).data, mask),
    ).toBeLessThan(1e-6);
    expect(
      maxDifference(resizeMap(fromReference(small), { height: 7, width: 8 }).data, expected.linearUp!),
    ).toBeLessThan(1e-6);
    expect(
      maxDifference(resizeMap(fromReference(coarse), { height: 2, width: 3 }).data, expected.linearDown!),
    ).toBeLessThan(1e-6);
    const area = { method: 'area' } as const;
    expect(
      maxDifference(resizeMap(fromReference(big), { height: 4, width: 6 }, area).data, expected.areaDown!),
    ).toBeLessThan(1e-6);
    expect(
      maxDifference(
        resizeMap(fromReference(big), { height: 5, width: 7 }, area).data,
        expected.areaDownFractional!,
      ),
    ).toBeLessThan(1e-6);
  });

  it('returns a copy when the size is unchanged', () => {
    const source = map(2, 1, [1, 2]);
    const result = resizeMap(source, { height: 1, width: 2 });
    expect(result.data).not.toBe(source.data);
    expect([...result.data]).toEqual([1, 2]);
  });

  it('takes the size as { height, width } and explains a width-first call of earlier versions', () => {
    const result = resizeMap(map(2, 1, [0, 100]), { height: 3, width: 2 });
    expect([result.height, result.width]).toEqual([3, 2]);
    expect(() => (resizeMap as (...args: unknown[]) => unknown)(map(1, 1, [0]), 4, 2)).toThrow(
      /size must be an object \{ height, width \}, got the number 4/,
    );
  });

  it('refuses bad sizes and methods', () => {
    expect(() => resizeMap(map(1, 1, [0]), { height: 1, width: 0 })).toThrow(InvalidArgumentError);
    expect(() => resizeMap(map(1, 1, [0]), { height: 1, width: 2.5 })).toThrow(
      /width must be a positive integer/,
    );
    expect(() => resizeMap(map(1, 1, [0]), { height: 1, width: 2 }, { method: 'cubic' as 'area' })).toThrow(
      /Unknown resize method/,
    );
  });
});
