import { CapabilityNotSupportedError, type HeatMap, type SpatialTensor } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { halvesBackend } from './__fixtures__/halves-backend.js';
import { trapezoidAuc } from './auc.js';
import { deletionInsertion } from './deletion-insertion.js';
import { salientOrder } from './pixel-order.js';

// 2x2 images, one channel. logit 0 = left column (pixels 0 and 2), logit 1 = right column (pixels 1 and 3).
// Sample 0: x = [[1, 2], [3, 4]] -> logits [4, 6], top class 1. Map [[.9, .1], [.5, .7]]: order 0, 3, 2, 1.
// Sample 1: x = [[4, 3], [2, 1]] -> logits [6, 4], top class 0. Map all .2 (ties): order 0, 1, 2, 3.
const input: SpatialTensor = {
  data: Float32Array.of(1, 2, 3, 4, 4, 3, 2, 1),
  shape: [2, 1, 2, 2],
  layout: 'nchw',
};
const map = (...values: number[]): HeatMap => ({ data: Float32Array.from(values), height: 2, width: 2 });
const maps = [map(0.9, 0.1, 0.5, 0.7), map(0.2, 0.2, 0.2, 0.2)];
const backend = () => halvesBackend({ height: 2, width: 2 });
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('deletionInsertion', () => {
  it('reproduces the hand-computed curves and trapezoid AUCs (steps = 4, one pixel per step)', async () => {
    const result = await deletionInsertion({
      backend: backend(),
      input,
      maps,
      steps: 4,
      score: 'logit',
      insertionBaseline: 1,
    });
    expect(result.steps).toBe(4);
    expect(result.pixelsPerStep).toBe(1);
    expect(result.classIndices).toEqual([1, 0]);
    // Sample 0, deletion to zeros, class 1 (right = x1 + x3):
    //   start 2 + 4 = 6; -p0 (left) 6; -p3 2; -p2 (left) 2; -p1 0.
    //   AUC = .25 * ((6 + 6) / 2 + (6 + 2) / 2 + (2 + 2) / 2 + (2 + 0) / 2) = .25 * 13 = 3.25.
    expect(Array.from(result.deletion.curves[0]!)).toEqual([6, 6, 2, 2, 0]);
    expect(result.deletion.auc[0]).toBe(3.25);
    // Sample 1, class 0 (left = x0 + x2): 6; -p0 (4) 2; -p1 2; -p2 (2) 0; -p3 0. AUC = .25 * 7 = 1.75.
    expect(Array.from(result.deletion.curves[1]!)).toEqual([6, 2, 2, 0, 0]);
    expect(result.deletion.auc[1]).toBe(1.75);
    expect(result.deletion.meanAuc).toBe(2.5);
    expect(Array.from(result.deletion.meanCurve)).toEqual([6, 4, 2, 1, 0]);
    // Insertion into a constant 1: sample 0 right = 1 + 1 = 2; +p0 2; +p3 (4) 5; +p2 5; +p1 (2) 6.
    //   AUC = .25 * (2 + 3.5 + 5 + 5.5) = 4.
    expect(Array.from(result.insertion.curves[0]!)).toEqual([2, 2, 5, 5, 6]);
    expect(result.insertion.auc[0]).toBe(4);
    // Sample 1 left = 2; +p0 (4) 5; +p1 5; +p2 (2) 6; +p3 6. AUC = .25 * (3.5 + 5 + 5.5 + 6) = 5.
    expect(Array.from(result.insertion.curves[1]!)).toEqual([2, 5, 5, 6, 6]);
    expect(result.insertion.auc[1]).toBe(5);
    expect(result.insertion.meanAuc).toBe(4.5);
  });

  it('follows the softmax probability by default', async () => {
    // Sample 0 deletion logits: [4, 6], [3, 6], [3, 2], [0, 2], [0, 0] -> p1 = sigmoid(l1 - l0).
    const result = await deletionInsertion({ backend: backend(), input, maps, steps: 4 });
    const expected = [2, 3, -1, 2, 0].map(sigmoid);
    result.deletion.curves[0]!.forEach((value, step) => expect(value).toBeCloseTo(expected[step]!, 12));
    expect(result.deletion.auc[0]).toBeCloseTo(trapezoidAuc(expected), 12);
  });

  it('changes ceil(H * W / steps) pixels per step, the last step fewer', async () => {
    // steps = 3 on 4 pixels: 2 pixels per step, 2 steps. Sample 0: 6; -p0, p3: 2; -p2, p1: 0.
    // AUC = .5 * ((6 + 2) / 2 + (2 + 0) / 2) = 2.5.
    const result = await deletionInsertion({ backend: backend(), input, maps, steps: 3, score: 'logit' });
    expect(result.pixelsPerStep).toBe(2);
    expect(result.steps).toBe(2);
    expect(Array.from(result.deletion.curves[0]!)).toEqual([6, 2, 0]);
    expect(result.deletion.auc[0]).toBe(2.5);
    // More steps than pixels: one pixel per step.
    const many = await deletionInsertion({ backend: backend(), input, maps, score: 'logit' });
    expect(many.steps).toBe(4);
  });

  it("starts insertion from RISE's 11x11 sigma-5 blur by default (zero padding)", async () => {
    // RISE's kernel on a 2x2 image, conv2d padding 5: right-column sum of the blurred [[1, 2], [3, 4]],
    // computed with scipy.ndimage.gaussian_filter of a delta and a zero-padded correlation.
    const result = await deletionInsertion({ backend: backend(), input, maps, steps: 4, score: 'logit' });
    expect(result.insertion.curves[0]![0]).toBeCloseTo(0.17582008849856035, 6);
    expect(result.insertion.curves[0]![4]).toBe(6);
    // A 3x3 box blur of a 2x2 image: every pixel is the sum of all four over 9, so right = 20 / 9.
    const box = await deletionInsertion({
      backend: backend(),
      input,
      maps,
      steps: 4,
      score: 'logit',
      insertionBaseline: { kind: 'box-blur', size: 3 },
      deletionBaseline: { kind: 'box-blur', size: 3 },
    });
    expect(box.insertion.curves[0]![0]).toBeCloseTo(20 / 9, 6);
    expect(box.deletion.curves[0]![4]).toBeCloseTo(20 / 9, 6);
  });

  it('gives identical results for batchSize 1, 32 and a backend limit of 3; progress counts inputs', async () => {
    const options = { input, maps, steps: 4 };
    const one = backend();
    const a = await deletionInsertion({ ...options, backend: one, batchSize: 1 });
    expect(one.calls).toEqual(new Array(2 + 16).fill(1));
    const b = await deletionInsertion({ ...options, backend: backend() });
    const limited = halvesBackend({ height: 2, width: 2, maxBatchSize: 3 });
    const c = await deletionInsertion({ ...options, backend: limited });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(Math.max(...limited.calls)).toBe(3);
    // One sample, 4 steps: 1 original + 2 * 4 perturbed = 9 inputs; batches of 4.
    const progress: [number, number][] = [];
    await deletionInsertion({
      backend: backend(),
      input: { data: input.data.subarray(0, 4), shape: [1, 1, 2, 2], layout: 'nchw' },
      maps: [maps[0]!],
      steps: 4,
      batchSize: 4,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([
      [1, 9],
      [5, 9],
      [9, 9],
    ]);
  });

  it('needs forward and rejects bad options', async () => {
    await expect(
      deletionInsertion({ backend: halvesBackend({ height: 2, width: 2, forward: false }), input, maps }),
    ).rejects.toThrow(CapabilityNotSupportedError);
    await expect(deletionInsertion({ backend: backend(), input, maps, steps: 0 })).rejects.toThrow(
      'steps must be a positive integer, got 0',
    );
    await expect(
      deletionInsertion({ backend: backend(), input, maps, deletionBaseline: Number.NaN }),
    ).rejects.toThrow('deletionBaseline must be a finite number');
    await expect(
      deletionInsertion({
        backend: backend(),
        input,
        maps,
        insertionBaseline: { kind: 'box-blur', size: 4 },
      }),
    ).rejects.toThrow("insertionBaseline: A blur kernel's size must be a positive odd integer, got 4.");
  });
});

describe('salientOrder and trapezoidAuc', () => {
  it('ranks pixels by value, descending, ties by index', () => {
    expect(Array.from(salientOrder([0.5, 0.9, 0.5, 0.1, 0.9]))).toEqual([1, 4, 0, 2, 3]);
  });
  it("is RISE's auc", () => {
    expect(trapezoidAuc([1, 1])).toBe(1);
    expect(trapezoidAuc([0, 1, 0])).toBe(0.5);
    expect(() => trapezoidAuc([1])).toThrow(RangeError);
  });
});
