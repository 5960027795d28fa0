import { CapabilityNotSupportedError, type SpatialTensor } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { halvesBackend } from './__fixtures__/halves-backend.js';
import { road } from './road.js';

// 2x4 image, one channel; logit 0 = left half (columns 0-1), logit 1 = right half (columns 2-3).
//   x = [[8, 2, 4, 0],        map = [[1.0, .6, .5, .1],     ranking: p0, p6, p1, p2, p4, p7, p5, p3
//        [3, 5, 5, 6]]               [ .4, .2, .9, .3]]
// logits [18, 15]. Percentiles 12.5 and 25 remove 1 and 2 of the 8 pixels; the removed pixels never touch,
// so each is the weighted mean of its in-image neighbours (1/6 direct, 1/12 diagonal, renormalised):
//   p0 (0,0): (2*x01 + 2*x10 + x11) / 5 = (4 + 6 + 5) / 5 = 3              (left: 18 - 8 + 3 = 13)
//   p6 (1,2): (2*(x11 + x13 + x02) + x01 + x03) / 8 = (32) / 8 = 4         (right: 15 - 5 + 4 = 14)
//   p3 (0,3): (2*x02 + 2*x13 + x12) / 5 = (8 + 12 + 5) / 5 = 5             (right: 15 - 0 + 5 = 20)
//   p5 (1,1): (2*(x10 + x12 + x01) + x00 + x02) / 8 = (20 + 12) / 8 = 4    (left: 18 - 5 + 4 = 17)
// Sample 0 follows class 0, sample 1 (the same image) class 1:
//   MoRF 12.5% (p0), 25% (p0, p6): class 0 -> 13, 13; class 1 -> 15, 14.
//   LeRF 12.5% (p3), 25% (p3, p5): class 0 -> 18, 17; class 1 -> 20, 20.
const x = [8, 2, 4, 0, 3, 5, 5, 6];
const heat = Float32Array.of(1, 0.6, 0.5, 0.1, 0.4, 0.2, 0.9, 0.3);
const input: SpatialTensor = { data: Float32Array.from([...x, ...x]), shape: [2, 1, 2, 4], layout: 'nchw' };
const maps = [
  { data: heat, height: 2, width: 4 },
  { data: heat, height: 2, width: 4 },
];
const options = {
  input,
  maps,
  percentiles: [12.5, 25],
  score: 'logit' as const,
  target: { kind: 'class' as const, index: [0, 1] },
};
const rows = (arrays: readonly ArrayLike<number>[]) => arrays.map((array) => Array.from(array));

describe('road', () => {
  it('reproduces the hand-computed ROAD scores without noise', async () => {
    const result = await road({ ...options, backend: halvesBackend(), noise: 0 });
    expect(result.removedPixels).toEqual([1, 2]);
    expect(Array.from(result.originalScores)).toEqual([18, 15]);
    const morf = result.mostRelevantFirst;
    const lerf = result.leastRelevantFirst;
    expect(rows(morf.scores)).toEqual([
      [13, 13],
      [15, 14],
    ]);
    expect(rows(lerf.scores)).toEqual([
      [18, 17],
      [20, 20],
    ]);
    expect(rows(morf.differences)).toEqual([
      [-5, -5],
      [0, -1],
    ]);
    expect(rows(lerf.differences)).toEqual([
      [0, -1],
      [5, 5],
    ]);
    expect(Array.from(morf.meanScores)).toEqual([14, 13.5]);
    expect(Array.from(lerf.meanScores)).toEqual([19, 18.5]);
    expect(Array.from(morf.meanDifferences)).toEqual([-2.5, -3]);
    expect(Array.from(lerf.meanDifferences)).toEqual([2.5, 2]);
    expect(morf.averageScore).toBe(13.75);
    expect(lerf.averageScore).toBe(18.75);
    expect(morf.averageDifference).toBe(-2.75);
    expect(lerf.averageDifference).toBe(2.25);
    // ROADCombined: (mean LeRF - mean MoRF) / 2 = (17.5 - 13) / 2 and (20 - 14.5) / 2; mean (18.75 - 13.75) / 2.
    expect(Array.from(result.combined)).toEqual([2.25, 2.75]);
    expect(result.meanCombined).toBe(2.5);
    expect(result.unconvergedImputations).toBe(0);
    expect(result.classIndices).toEqual([0, 1]);
  });

  it('adds seeded noise (default sigma 0.01): reproducible, independent of batching, close to the exact values', async () => {
    const one = halvesBackend();
    const progress: [number, number][] = [];
    const a = await road({
      ...options,
      backend: one,
      batchSize: 1,
      onProgress: (done, total) => progress.push([done, total]),
    });
    // 2 originals + 2 samples * 2 orders * 2 percentiles = 10 inputs.
    expect(one.calls).toEqual(new Array(10).fill(1));
    expect(progress.map(([done]) => done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(progress.every(([, total]) => total === 10)).toBe(true);
    const many = halvesBackend({ maxBatchSize: 3 });
    const b = await road({ ...options, backend: many });
    expect(many.calls).toEqual([2, 3, 3, 2]);
    expect(b).toEqual(a);
    expect(Math.abs(a.mostRelevantFirst.scores[0]![0]! - 13)).toBeLessThan(0.05);
    expect(a.mostRelevantFirst.scores[0]![0]).not.toBe(13);
    const reseeded = await road({ ...options, backend: halvesBackend(), seed: 1 });
    expect(reseeded.mostRelevantFirst.scores[0]![0]).not.toBe(a.mostRelevantFirst.scores[0]![0]);
  });

  it('uses the default percentiles 10..90 and probabilities', async () => {
    const result = await road({ backend: halvesBackend(), input, maps, noise: 0 });
    expect(result.percentiles).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    // floor(8 * p / 100) pixels.
    expect(result.removedPixels).toEqual([0, 1, 2, 3, 4, 4, 5, 6, 7]);
    // 10% removes nothing: the score is the original probability, sigmoid(18 - 15) for the top class 0.
    expect(result.mostRelevantFirst.scores[0]![0]).toBeCloseTo(1 / (1 + Math.exp(-3)), 12);
    expect(result.mostRelevantFirst.scores[0]![1]).toBeCloseTo(1 / (1 + Math.exp(-(13 - 15))), 6);
  });

  it("removes the pixels at or beyond the percentile with removal: 'threshold', ties included", async () => {
    // p0 and p6 tie at the top (they do not touch). MoRF 12.5%: 'count' removes floor(8 * 0.125) = 1 pixel, p0
    // (ties to the lower index); 'threshold' removes map >= its 87.5th percentile (position 6.125 of the sorted
    // values, between the two 1s: 1), so p0 and p6. LeRF 12.5%: 1 - map = [0, .4, .5, .9, .6, .8, 0, .7], its
    // 87.5th percentile is .8 + .125 * (.9 - .8) = .8125, so p3 alone, as with 'count'.
    const tied = Float32Array.of(1, 0.6, 0.5, 0.1, 0.4, 0.2, 1, 0.3);
    const tiedMaps = [
      { data: tied, height: 2, width: 4 },
      { data: tied, height: 2, width: 4 },
    ];
    const common = { ...options, maps: tiedMaps, percentiles: [12.5], noise: 0 };
    const threshold = await road({ ...common, backend: halvesBackend(), removal: 'threshold' });
    const count = await road({ ...common, backend: halvesBackend() });
    expect(threshold.removedPixels).toEqual([1]);
    expect(rows(threshold.mostRelevantFirst.removedCounts)).toEqual([[2], [2]]);
    expect(rows(threshold.leastRelevantFirst.removedCounts)).toEqual([[1], [1]]);
    expect(rows(count.mostRelevantFirst.removedCounts)).toEqual([[1], [1]]);
    expect(rows(count.leastRelevantFirst.removedCounts)).toEqual([[1], [1]]);
    // Class 0 (left half) loses p0 either way: 13. Class 1 (right half) loses p6 (5, imputed 4) only with
    // 'threshold': 14, against 15. LeRF removes p3 (0, imputed 5): 18 and 20 both ways.
    expect(rows(threshold.mostRelevantFirst.scores)).toEqual([[13], [14]]);
    expect(rows(count.mostRelevantFirst.scores)).toEqual([[13], [15]]);
    expect(rows(threshold.leastRelevantFirst.scores)).toEqual([[18], [20]]);
    expect(rows(count.leastRelevantFirst.scores)).toEqual([[18], [20]]);
    await expect(
      road({ ...common, backend: halvesBackend(), removal: 'top' as unknown as 'count' }),
    ).rejects.toThrow("removal must be 'count' or 'threshold', got top");
  });

  it('needs forward and rejects bad percentiles', async () => {
    await expect(road({ ...options, backend: halvesBackend({ forward: false }) })).rejects.toThrow(
      CapabilityNotSupportedError,
    );
    await expect(road({ ...options, backend: halvesBackend(), percentiles: [50, 100] })).rejects.toThrow(
      'every percentile must be a number in [0, 100), got 100',
    );
    await expect(road({ ...options, backend: halvesBackend(), percentiles: [] })).rejects.toThrow(
      'percentiles is empty',
    );
  });
});
