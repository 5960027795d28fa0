import { describe, expect, it } from 'vitest';
import { baselineBuilder } from './baseline.js';
import { blurSample, boxKernel, riseGaussianKernel } from './blur.js';
import { sampleGeometry } from './sample-geometry.js';

describe('riseGaussianKernel', () => {
  it("matches RISE's gkern(11, 5) (scipy.ndimage.gaussian_filter of a delta, reflect mode)", () => {
    // Values printed by scipy.ndimage.gaussian_filter1d(delta at 5 of 11, 5).
    const scipy = [
      0.08795814577727815, 0.08889611977709484, 0.09047419654910865, 0.09219111781938806, 0.09348938844291409,
      0.09398206326843249,
    ];
    const kernel = riseGaussianKernel(11, 5);
    scipy.forEach((value, index) => {
      expect(kernel[index]).toBeCloseTo(value, 14);
      expect(kernel[10 - index]).toBeCloseTo(value, 14);
    });
    expect(kernel.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 14);
  });

  it('is the sampled, normalised Gaussian when the tails fit', () => {
    // size 5, sigma 0.5: radius round(2) = 2, weights exp(-2 x^2) for x = -2..2, normalised.
    const raw = [-2, -1, 0, 1, 2].map((x) => Math.exp(-2 * x * x));
    const total = raw.reduce((sum, value) => sum + value, 0);
    riseGaussianKernel(5, 0.5).forEach((value, index) => expect(value).toBeCloseTo(raw[index]! / total, 15));
    // size 3, sigma 2 (radius 8, folded back): scipy gives [0.3332867762903035, 0.333426447419393, ...].
    expect(riseGaussianKernel(3, 2)[1]).toBeCloseTo(0.333426447419393, 14);
    expect(() => riseGaussianKernel(4, 1)).toThrow(RangeError);
    expect(() => riseGaussianKernel(3, 0)).toThrow(RangeError);
  });
});

describe('blurSample', () => {
  it('blurs each channel separably with zero padding, in either layout', () => {
    // nhwc 1x2x3x2: channel 0 = [[1, 2, 3], [4, 5, 6]], channel 1 = 10 * channel 0.
    const channel0 = [1, 2, 3, 4, 5, 6];
    const data = new Float32Array(12);
    channel0.forEach((value, pixel) => {
      data[2 * pixel] = value;
      data[2 * pixel + 1] = 10 * value;
    });
    const out = blurSample(data, sampleGeometry([1, 2, 3, 2], 'nhwc'), boxKernel(3));
    // 3x3 mean, zero padded: pixel (0,0) = (1 + 2 + 4 + 5) / 9 = 12/9; pixel (0,1) = (1+2+3+4+5+6) / 9 = 21/9.
    expect(out[0]).toBeCloseTo(12 / 9, 6);
    expect(out[1]).toBeCloseTo(120 / 9, 5);
    expect(out[2]).toBeCloseTo(21 / 9, 6);
    expect(Array.from(blurSample(data, sampleGeometry([1, 2, 3, 2], 'nhwc'), boxKernel(1)))).toEqual(
      Array.from(data),
    );
  });

  it('builds constant and zero baselines', () => {
    const geometry = sampleGeometry([1, 1, 1, 3], 'nchw');
    const source = Float32Array.of(1, 2, 3);
    expect(Array.from(baselineBuilder('zero', 'b')(source, geometry))).toEqual([0, 0, 0]);
    expect(Array.from(baselineBuilder(-0.5, 'b')(source, geometry))).toEqual([-0.5, -0.5, -0.5]);
    expect(() => baselineBuilder('mean' as never, 'b')).toThrow("b must be 'zero', 'blur'");
  });
});
