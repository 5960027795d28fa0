import { describe, expect, it } from 'vitest';
import { heatMapPeaks } from './heat-map-peaks.js';

// Two classes of a 3x4 heat map, [1, 2, 3, 4] NCHW.
const heatMap = {
  data: Float32Array.from([
    // class 0: a peak of 0.9 at (0, 1), a smaller peak of 0.6 at (2, 3), 0.7 beside the 0.9 (not a peak)
    0.1, 0.9, 0.7, 0.1, 0.2, 0.3, 0.2, 0.5, 0.1, 0.1, 0.2, 0.6,
    // class 1: one peak of 0.8 at (1, 2), the same value as a neighbour's 0.8 at (1, 3) (both kept)
    0, 0, 0, 0, 0, 0.1, 0.8, 0.8, 0, 0, 0, 0,
  ]),
  shape: [1, 2, 3, 4],
};

describe('heatMapPeaks', () => {
  it("keeps each class's 3x3 local maxima at or above minScore, highest first, each boxed by its cell", () => {
    const peaks = heatMapPeaks(heatMap, { minScore: 0.55, maxDetections: 10 });
    expect(peaks.map(({ classIndex, cell }) => [classIndex, cell.y, cell.x])).toEqual([
      [0, 0, 1],
      [1, 1, 2],
      [1, 1, 3],
      [0, 2, 3],
    ]);
    expect(peaks.map(({ score }) => score)).toEqual([0.9, 0.8, 0.8, 0.6].map(Math.fround));
    expect(peaks[0]!.box).toEqual([1 / 4, 0, 2 / 4, 1 / 3]);
    expect(peaks[3]!.box).toEqual([3 / 4, 2 / 3, 1, 1]);
  });

  it('stops at maxDetections and drops peaks below minScore', () => {
    expect(heatMapPeaks(heatMap, { minScore: 0.55, maxDetections: 1 }).map(({ score }) => score)).toEqual([
      Math.fround(0.9),
    ]);
    expect(heatMapPeaks(heatMap, { minScore: 0.95, maxDetections: 10 })).toEqual([]);
  });
});
