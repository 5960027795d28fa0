import { describe, expect, it } from 'vitest';
import { resizeBilinear } from './resize-bilinear.js';

describe('resizeBilinear', () => {
  it('upsamples 1x2 to 1x4 with half-pixel centres and edge clamping', () => {
    // Sample points: (x + 0.5) * 0.5 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    const out = resizeBilinear({ data: Float32Array.of(0, 1), height: 1, width: 2 }, 1, 4);
    expect(Array.from(out.data)).toEqual([0, 0.25, 0.75, 1]);
  });
  it('downsamples 4x1 to 2x1 by averaging neighbours (sample points 0.5 and 2.5)', () => {
    const out = resizeBilinear({ data: Float32Array.of(0, 2, 4, 8), height: 4, width: 1 }, 2, 1);
    expect(Array.from(out.data)).toEqual([1, 6]);
  });
  it('keeps a constant map constant and an identity resize unchanged', () => {
    const constant = resizeBilinear({ data: new Float32Array(6).fill(3), height: 2, width: 3 }, 7, 5);
    expect(constant.data.every((value) => value === 3)).toBe(true);
    const data = Float32Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(resizeBilinear({ data, height: 2, width: 3 }, 2, 3).data)).toEqual(Array.from(data));
  });
  it('interpolates in both axes (2x2 to 4x4, centre cells)', () => {
    const out = resizeBilinear({ data: Float32Array.of(0, 1, 2, 3), height: 2, width: 2 }, 4, 4);
    // Row 1 samples y = 0.25, column 1 samples x = 0.25: 0*(.75*.75) + 1*(.75*.25) + 2*(.25*.75) + 3*(.25*.25).
    expect(out.data[5]).toBeCloseTo(0.75, 6);
    expect(out.data[0]).toBe(0);
    expect(out.data[15]).toBe(3);
  });
  it('rejects non-positive sizes', () => {
    expect(() => resizeBilinear({ data: Float32Array.of(1), height: 1, width: 1 }, 0, 2)).toThrow(RangeError);
  });
});
