import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { gradientImage } from './gradient-image.js';

describe('gradientImage', () => {
  it("is pytorch-grad-cam's deprocess_image: (x - mean) / (std + 1e-5) * 0.1 + 0.5, clipped, floor(255 v)", () => {
    // Two pixels, three channels (nchw): values -1, 1, -1, 1, 30, -30 (mean 0, std sqrt((4 + 1800) / 6)).
    const values = [-1, 1, -1, 1, 30, -30];
    const image = gradientImage({ data: Float32Array.from(values), shape: [1, 3, 1, 2], layout: 'nchw' });
    const std = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / 6);
    const shown = (v: number) => Math.floor(Math.min(1, Math.max(0, (v / (std + 1e-5)) * 0.1 + 0.5)) * 255);
    expect(Array.from(image.data)).toEqual([
      shown(-1),
      shown(-1),
      shown(30),
      255,
      shown(1),
      shown(1),
      shown(-30),
      255,
    ]);
    expect([image.width, image.height]).toEqual([2, 1]);
    // 30 is 1.73 standard deviations above the mean: 0.5 + 0.173 of the range.
    expect(shown(30)).toBe(171);
  });

  it('reads nhwc, a later sample and one channel as grey', () => {
    const nhwc = gradientImage(
      { data: Float32Array.from([0, 0, 0, 5, -5, 2]), shape: [2, 1, 1, 3], layout: 'nhwc' },
      { sample: 1 },
    );
    const nchw = gradientImage(
      { data: Float32Array.from([0, 0, 0, 5, -5, 2]), shape: [2, 3, 1, 1], layout: 'nchw' },
      { sample: 1 },
    );
    expect(Array.from(nhwc.data)).toEqual(Array.from(nchw.data));
    const grey = gradientImage({ data: Float32Array.from([1, -1]), shape: [1, 1, 1, 2], layout: 'nchw' });
    expect(grey.data[0]).toBe(grey.data[1]);
    expect(grey.data[0]).toBe(grey.data[2]);
    expect(grey.data[0]).toBe(Math.floor((0.1 / (1 + 1e-5) + 0.5) * 255));
  });

  it('rejects other channel counts and samples outside the batch', () => {
    expect(() => gradientImage({ data: new Float32Array(4), shape: [1, 2, 1, 2], layout: 'nchw' })).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      gradientImage({ data: new Float32Array(3), shape: [1, 3, 1, 1], layout: 'nchw' }, { sample: 1 }),
    ).toThrow(/not in the batch of 1/);
  });
});
