import { describe, expect, it } from 'vitest';
import type { HeatMap, SpatialTensor } from '../tensor.js';
import { augmentationSmoothing, fixedTarget } from './augmentation-smoothing.js';

describe('augmentationSmoothing', () => {
  it('averages six passes (flipped or not, times 0.9, 1, 1.1), flipping maps back', async () => {
    // One sample, one channel, 1x2; the "map" of an input is its own data, so flips and scalings are visible.
    const input: SpatialTensor = { data: Float32Array.of(1, 3), shape: [1, 1, 1, 2], layout: 'nchw' };
    const seen: number[][] = [];
    const mapsOf = async (augmented: SpatialTensor): Promise<HeatMap[]> => {
      seen.push(Array.from(augmented.data));
      return [{ data: Float32Array.from(augmented.data), height: 1, width: 2 }];
    };
    const identity = [{ data: Float32Array.of(1, 3), height: 1, width: 2 }];
    const [smoothed] = await augmentationSmoothing(input, identity, mapsOf);
    expect(seen).toHaveLength(5);
    expect(seen[1]![0]).toBeCloseTo(1.1, 6); // not flipped, times 1.1
    expect(seen[3]).toEqual([3, 1]); // flipped, times 1
    // Every pass mapped back is the input times its factor: mean of 1, 0.9, 1.1, 0.9, 1, 1.1 is 1.
    expect(smoothed!.data[0]).toBeCloseTo(1, 6);
    expect(smoothed!.data[1]).toBeCloseTo(3, 6);
  });

  it('rejects once the signal is aborted', async () => {
    const input: SpatialTensor = { data: Float32Array.of(1), shape: [1, 1, 1, 1], layout: 'nchw' };
    const controller = new AbortController();
    controller.abort();
    const maps = [{ data: Float32Array.of(1), height: 1, width: 1 }];
    await expect(augmentationSmoothing(input, maps, async () => maps, controller.signal)).rejects.toThrow();
  });
});

describe('fixedTarget', () => {
  it('pins the classes chosen on the plain input, or keeps a weighting', () => {
    expect(fixedTarget([3, 1], { kind: 'top' })).toEqual({ kind: 'class', index: [3, 1] });
    const weights = { kind: 'weights', weights: [1, -1] } as const;
    expect(fixedTarget([null], weights)).toBe(weights);
  });
});
