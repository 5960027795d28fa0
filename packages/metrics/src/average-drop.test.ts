import {
  CapabilityNotSupportedError,
  type HeatMap,
  ShapeMismatchError,
  type SpatialTensor,
} from '@gradcam/core';
import { conformanceModel, referenceBackend } from '@gradcam/core/testing';
import { describe, expect, it } from 'vitest';
import { halvesBackend } from './__fixtures__/halves-backend.js';
import { averageDropAndIncrease } from './average-drop.js';

// The model: logit 0 = sum of the left half (columns 0-1), logit 1 = sum of the right half (columns 2-3).
// Sample 0: x = [[1, 1, 0, 0], [1, 1, 0, 0]] -> logits [4, 0], top class 0, Y = 4.
//   map [[1, .5, 1, 1], [.5, .5, 0, 0]] -> E left = 1 + .5 + .5 + .5 = 2.5 -> O = 2.5: drop 100 * 1.5 / 4 = 37.5.
// Sample 1: x = [[0, 0, 2, -2], [0, 0, 3, 1]] -> logits [0, 4], top class 1, Y = 4.
//   map [[0, 0, 1, 0], [0, 0, 1, 1]] -> E right = 2 + 0 + 3 + 1 = 6 -> O = 6 > Y: increase, drop 0.
// Average Drop = (37.5 + 0) / 2 = 18.75; Increase in Confidence = 100 * 1 / 2 = 50.
const input: SpatialTensor = {
  data: Float32Array.of(1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 2, -2, 0, 0, 3, 1),
  shape: [2, 1, 2, 4],
  layout: 'nchw',
};
const map = (...values: number[]): HeatMap => ({ data: Float32Array.from(values), height: 2, width: 4 });
const maps = [map(1, 0.5, 1, 1, 0.5, 0.5, 0, 0), map(0, 0, 1, 0, 0, 0, 1, 1)];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('averageDropAndIncrease', () => {
  it('reproduces the hand-computed logit values on two samples', async () => {
    const result = await averageDropAndIncrease({ backend: halvesBackend(), input, maps, score: 'logit' });
    expect(Array.from(result.originalScores)).toEqual([4, 4]);
    expect(Array.from(result.explanationScores)).toEqual([2.5, 6]);
    expect(Array.from(result.drops)).toEqual([37.5, 0]);
    expect(result.averageDrop).toBe(18.75);
    expect(result.increaseInConfidence).toBe(50);
    expect(result.undefinedDrops).toBe(0);
    expect(result.classIndices).toEqual([0, 1]);
  });

  it('uses softmax probabilities by default', async () => {
    // Two classes: p(class) = sigmoid(own logit - other logit). Sample 0: Y = s(4), O = s(2.5 - 0).
    // Sample 1: Y = s(4 - 0), O = s(6 - 0) > Y.
    const result = await averageDropAndIncrease({ backend: halvesBackend(), input, maps });
    expect(result.originalScores[0]).toBeCloseTo(sigmoid(4), 12);
    expect(result.explanationScores[0]).toBeCloseTo(sigmoid(2.5), 12);
    expect(result.explanationScores[1]).toBeCloseTo(sigmoid(6), 12);
    const drop0 = (100 * (sigmoid(4) - sigmoid(2.5))) / sigmoid(4); // 6.66...%
    expect(result.averageDrop).toBeCloseTo(drop0 / 2, 10);
    expect(result.increaseInConfidence).toBe(50);
  });

  it('broadcasts the map over channels in nhwc', async () => {
    // Channel 1 = 2 * channel 0 of sample 0: logits [4 + 8, 0] = [12, 0]; E left = 2.5 * 3 = 7.5.
    const ch0 = [1, 1, 0, 0, 1, 1, 0, 0];
    const data = new Float32Array(16);
    ch0.forEach((value, pixel) => {
      data[pixel * 2] = value;
      data[pixel * 2 + 1] = 2 * value;
    });
    const result = await averageDropAndIncrease({
      backend: halvesBackend({ layout: 'nhwc', channels: 2 }),
      input: { data, shape: [1, 2, 4, 2], layout: 'nhwc' },
      maps: [maps[0]!],
      score: 'logit',
    });
    expect(Array.from(result.originalScores)).toEqual([12]);
    expect(Array.from(result.explanationScores)).toEqual([7.5]);
    expect(result.averageDrop).toBe(37.5);
  });

  it('resizes maps to the input resolution bilinearly', async () => {
    // 1x2 map [1, 0] -> 2x4 rows [1, .75, .25, 0] (half-pixel centres). Sample 0: E left = 1 + .75 + 1 + .75.
    const small: HeatMap = { data: Float32Array.of(1, 0), height: 1, width: 2 };
    const result = await averageDropAndIncrease({
      backend: halvesBackend(),
      input,
      maps: [small, small],
      score: 'logit',
    });
    expect(result.explanationScores[0]).toBe(3.5);
    // Sample 1: E right = 2 * .25 + (-2) * 0 + 3 * .25 + 1 * 0 = 1.25.
    expect(result.explanationScores[1]).toBe(1.25);
  });

  it('leaves samples with a non-positive original score out of Average Drop', async () => {
    // Class 0 for both: sample 1 has Y = left sum = 0 -> drop undefined; O = 0 (not an increase).
    const result = await averageDropAndIncrease({
      backend: halvesBackend(),
      input,
      maps,
      score: 'logit',
      target: { kind: 'class', index: 0 },
    });
    expect(result.drops[0]).toBe(37.5);
    expect(result.drops[1]).toBeNaN();
    expect(result.undefinedDrops).toBe(1);
    expect(result.averageDrop).toBe(37.5);
    expect(result.increaseInConfidence).toBe(0);
  });

  it('scores a weights target as the weighted sum of logits', async () => {
    // w = [1, -1]: sample 0: Y = 4 - 0 = 4, O = 2.5; sample 1: Y = 0 - 4 = -4 (undefined drop), O = -6.
    const result = await averageDropAndIncrease({
      backend: halvesBackend(),
      input,
      maps,
      target: { kind: 'weights', weights: [1, -1] },
    });
    expect(Array.from(result.originalScores)).toEqual([4, -4]);
    expect(Array.from(result.explanationScores)).toEqual([2.5, -6]);
    expect(result.classIndices).toEqual([null, null]);
    expect(result.averageDrop).toBe(37.5);
  });

  it('batches within batchSize and maxBatchSize and reports progress', async () => {
    const one = halvesBackend();
    const progress: [number, number][] = [];
    const a = await averageDropAndIncrease({
      backend: one,
      input,
      maps,
      batchSize: 1,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(one.calls).toEqual([1, 1, 1, 1]);
    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    const many = halvesBackend();
    const b = await averageDropAndIncrease({ backend: many, input, maps });
    expect(many.calls).toEqual([2, 2]);
    expect(b).toEqual(a);
    const capped = halvesBackend({ maxBatchSize: 1 });
    expect(await averageDropAndIncrease({ backend: capped, input, maps, batchSize: 32 })).toEqual(a);
    expect(capped.calls).toEqual([1, 1, 1, 1]);
  });

  it('needs the forward capability', async () => {
    await expect(
      averageDropAndIncrease({ backend: halvesBackend({ forward: false }), input, maps }),
    ).rejects.toThrow(CapabilityNotSupportedError);
    const reference = referenceBackend(conformanceModel(), { layout: 'nchw', optional: false });
    const error = await averageDropAndIncrease({
      backend: reference,
      input: { data: new Float32Array(60), shape: [1, 2, 6, 5], layout: 'nchw' },
      maps: [{ data: new Float32Array(30), height: 6, width: 5 }],
    }).catch((caught: unknown) => caught);
    expect(CapabilityNotSupportedError.isInstance(error)).toBe(true);
    expect((error as CapabilityNotSupportedError).capability).toBe('forward');
    expect((error as Error).message).toContain("does not support 'forward'");
  });

  it('rejects bad maps and options precisely', async () => {
    const backend = halvesBackend();
    await expect(averageDropAndIncrease({ backend, input, maps: [maps[0]!] })).rejects.toThrow(
      ShapeMismatchError,
    );
    await expect(
      averageDropAndIncrease({ backend, input, maps: [maps[0]!, map(0, 0, 1.5, 0, 0, 0, 0, 0)] }),
    ).rejects.toThrow('maps[1] has the value 1.5 at pixel 2, outside [0, 1]');
    await expect(
      averageDropAndIncrease({
        backend,
        input,
        maps: [maps[0]!, { data: new Float32Array(3), height: 2, width: 2 }],
      }),
    ).rejects.toThrow('maps[1] has 3 values but is 2x2 (4 values)');
    await expect(averageDropAndIncrease({ backend, input, maps, batchSize: 0 })).rejects.toThrow(
      'batchSize must be a positive integer, got 0',
    );
    await expect(averageDropAndIncrease({ backend, input, maps, score: 'softmax' as never })).rejects.toThrow(
      "score must be 'probability' or 'logit'",
    );
    expect(backend.calls).toEqual([]);
  });
});
