import { SeededRandom, ShapeMismatchError, type SpatialTensor } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { noisyLinearImputation, ROAD_NEIGHBOUR_WEIGHTS } from './noisy-linear-imputation.js';

const image = (height: number, width: number, values: number[]): SpatialTensor => ({
  data: Float32Array.from(values),
  shape: [1, 1, height, width],
  layout: 'nchw',
});
const exact = { noise: 0 };

describe('noisyLinearImputation (no noise)', () => {
  it('fills one interior pixel with the weighted mean of its 8 neighbours', () => {
    // [[0, 6, 0], [0, ?, 0], [0, 0, 12]]: 6 is a direct neighbour (1/6), 12 a diagonal one (1/12): 1 + 1 = 2.
    const removed = [0, 0, 0, 0, 1, 0, 0, 0, 0];
    const { output, converged } = noisyLinearImputation(
      image(3, 3, [0, 6, 0, 0, 100, 0, 0, 0, 12]),
      removed,
      exact,
    );
    expect(converged).toBe(true);
    expect(Array.from(output.data)).toEqual([0, 6, 0, 0, 2, 0, 0, 0, 12]);
  });

  it('renormalises the weights at the border', () => {
    // Corner (0,0) of [[?, 5], [10, 15]]: (5/6 + 10/6 + 15/12) / (5/12) = (2*5 + 2*10 + 15) / 5 = 9.
    const { output } = noisyLinearImputation(image(2, 2, [-1, 5, 10, 15]), [1, 0, 0, 0], exact);
    expect(output.data[0]).toBeCloseTo(9, 6);
  });

  it('solves two adjacent removed pixels as a 2x2 linear system', () => {
    // 3x4 zeros except (0,0) = 12 and (1,3) = 12; remove a = (1,1) and b = (1,2) (direct neighbours, 1/6):
    //   a = 12/12 + b/6 = 1 + b/6,  b = 12/6 + a/6 = 2 + a/6
    //   => a = (36 * 1 + 6 * 2) / 35 = 48/35, b = (36 * 2 + 6 * 1) / 35 = 78/35.
    const values = new Array<number>(12).fill(0);
    values[0] = 12;
    values[7] = 12;
    const removed = new Array<number>(12).fill(0);
    removed[5] = 1;
    removed[6] = 1;
    const { output } = noisyLinearImputation(image(3, 4, values), removed, exact);
    expect(output.data[5]).toBeCloseTo(48 / 35, 6);
    expect(output.data[6]).toBeCloseTo(78 / 35, 6);
    expect(output.data[0]).toBe(12);
    expect(output.data[7]).toBe(12);
  });

  it('imputes each channel in either layout, with one mask per sample or a shared one', () => {
    // nhwc 2x3x3x2: channel 1 = -channel 0. Sample 0 removes the centre (-> 2, -2), sample 1 nothing.
    const channel0 = [0, 6, 0, 0, 100, 0, 0, 0, 12];
    const data = new Float32Array(36);
    for (let n = 0; n < 2; n++)
      channel0.forEach((value, pixel) => {
        data[n * 18 + pixel * 2] = value;
        data[n * 18 + pixel * 2 + 1] = -value;
      });
    const input: SpatialTensor = { data, shape: [2, 3, 3, 2], layout: 'nhwc' };
    const removed = new Uint8Array(18);
    removed[4] = 1;
    const { output } = noisyLinearImputation(input, removed, exact);
    expect(output.layout).toBe('nhwc');
    expect([output.data[8], output.data[9]]).toEqual([2, -2]);
    expect([output.data[18 + 8], output.data[18 + 9]]).toEqual([100, -100]);
    const shared = noisyLinearImputation(input, [0, 0, 0, 0, 1, 0, 0, 0, 0], exact).output;
    expect([shared.data[26], shared.data[27]]).toEqual([2, -2]);
  });

  it('converges on a large hole: every imputed pixel is the weighted mean of its neighbours', () => {
    const size = 30;
    const random = new SeededRandom(3);
    const values = Array.from({ length: size * size }, () => random.next());
    const removed = values.map((_, pixel) => {
      const y = Math.floor(pixel / size);
      const x = pixel % size;
      return y >= 5 && y < 25 && x >= 3 && x < 27 ? 1 : 0;
    });
    const { output, converged, iterations } = noisyLinearImputation(
      image(size, size, values),
      removed,
      exact,
    );
    expect(converged).toBe(true);
    expect(iterations).toBeLessThan(480);
    let worst = 0;
    removed.forEach((flag, pixel) => {
      if (!flag) return expect(output.data[pixel]).toBe(Math.fround(values[pixel]!));
      const y = Math.floor(pixel / size);
      const x = pixel % size;
      let sum = 0;
      let weight = 0;
      for (const [dy, dx, w] of ROAD_NEIGHBOUR_WEIGHTS) {
        if (y + dy < 0 || y + dy >= size || x + dx < 0 || x + dx >= size) continue;
        sum += w * output.data[(y + dy) * size + x + dx]!;
        weight += w;
      }
      worst = Math.max(worst, Math.abs(sum / weight - output.data[pixel]!));
    });
    expect(worst).toBeLessThan(1e-5);
  });

  it('rejects masks of the wrong length and removing every pixel', () => {
    const input = image(2, 2, [1, 2, 3, 4]);
    expect(() => noisyLinearImputation(input, [1, 0, 0])).toThrow(ShapeMismatchError);
    expect(() => noisyLinearImputation(input, [1, 1, 1, 1])).toThrow(
      'Cannot impute a 2x2 image with every pixel removed',
    );
    expect(() => noisyLinearImputation(input, [1, 0, 0, 0], { noise: -1 })).toThrow(
      'noise must be a finite number >= 0, got -1',
    );
    expect(() => noisyLinearImputation(input, [1, 0, 0, 0], { maxIterations: 0 })).toThrow(RangeError);
  });
});

describe('noisyLinearImputation (noise)', () => {
  it('adds seeded Gaussian noise of the given sigma to imputed pixels only', () => {
    // A zero image: the linear part is 0, so imputed values are pure noise.
    const size = 40;
    const removed = Array.from({ length: size * size }, (_, pixel) => (pixel + Math.floor(pixel / size)) % 2);
    const input = image(size, size, new Array<number>(size * size).fill(0));
    const a = noisyLinearImputation(input, removed, { noise: 0.5, seed: 7 }).output.data;
    const b = noisyLinearImputation(input, removed, { noise: 0.5, seed: 7 }).output.data;
    const c = noisyLinearImputation(input, removed, { noise: 0.5, seed: 8 }).output.data;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const imputed = Array.from(a).filter((_, pixel) => removed[pixel] === 1);
    expect(
      Array.from(a)
        .filter((_, pixel) => removed[pixel] === 0)
        .every((value) => value === 0),
    ).toBe(true);
    const mean = imputed.reduce((sum, value) => sum + value, 0) / imputed.length;
    const std = Math.sqrt(imputed.reduce((sum, value) => sum + (value - mean) ** 2, 0) / imputed.length);
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(std).toBeGreaterThan(0.45);
    expect(std).toBeLessThan(0.55);
  });
});
