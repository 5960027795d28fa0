import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { SpatialTensor } from '../tensor.js';
import { mergeChunks, splitBatch } from './batching.js';
import type { Explanation } from './explanation.js';

// Five samples of one 1x1 pixel each, valued 0..4.
const input: SpatialTensor = { data: Float32Array.of(0, 1, 2, 3, 4), shape: [5, 1, 1, 1], layout: 'nchw' };

describe('splitBatch', () => {
  it('cuts the batch into views of at most `limit` samples', () => {
    const chunks = splitBatch(input, undefined, 2, 3);
    expect(chunks.map((chunk) => chunk.start)).toEqual([0, 2, 4]);
    expect(chunks.map((chunk) => Array.from(chunk.input.data))).toEqual([[0, 1], [2, 3], [4]]);
    expect(chunks.map((chunk) => chunk.input.shape[0])).toEqual([2, 2, 1]);
    expect(chunks[1]!.input.data.buffer).toBe(input.data.buffer);
  });

  it('gives each chunk its samples’ classes and rows of weights', () => {
    const classes = splitBatch(input, { kind: 'class', index: [4, 3, 2, 1, 0] }, 2, 5);
    expect(classes.map((chunk) => chunk.target)).toEqual([
      { kind: 'class', index: [4, 3] },
      { kind: 'class', index: [2, 1] },
      { kind: 'class', index: [0] },
    ]);
    const weights = Array.from({ length: 10 }, (_, index) => index);
    const rows = splitBatch(input, { kind: 'weights', weights }, 3, 2);
    expect(rows.map((chunk) => chunk.target)).toEqual([
      { kind: 'weights', weights: [0, 1, 2, 3, 4, 5] },
      { kind: 'weights', weights: [6, 7, 8, 9] },
    ]);
  });

  it('keeps a target shared by all samples as it is', () => {
    const shared = { kind: 'weights', weights: [1, -1] } as const;
    expect(splitBatch(input, shared, 2, 2).every((chunk) => chunk.target === shared)).toBe(true);
    expect(splitBatch(input, { kind: 'top' }, 4, undefined)[1]!.target).toEqual({ kind: 'top' });
  });

  it('refuses per-sample weights it cannot split without the number of classes', () => {
    const weights = Array.from({ length: 10 }, () => 1);
    expect(() => splitBatch(input, { kind: 'weights', weights }, 2, undefined)).toThrow(ShapeMismatchError);
  });
});

describe('mergeChunks', () => {
  it('concatenates samples, renumbers warnings and sums the times', () => {
    const part = (samples: number, warningSample: number, ms: number): Explanation => ({
      layers: ['relu'],
      method: 'gradcam',
      samples: Array.from({ length: samples }, (_, n) => ({
        classIndex: n,
        scores: new Float32Array(1),
        map: { data: new Float32Array(1), height: 1, width: 1 },
        layerMaps: [],
      })),
      warnings: [
        { code: 'all-zero-map', message: '', sample: warningSample },
        { code: 'other', message: '' },
      ],
      notes: [],
      timings: { backendMs: ms, camMs: 2 * ms, totalMs: 0 },
    });
    const chunks = splitBatch(input, undefined, 3, 1);
    const merged = mergeChunks(chunks, [part(3, 2, 1), part(2, 1, 10)], 99);
    expect(merged.samples.map((sample) => sample.classIndex)).toEqual([0, 1, 2, 0, 1]);
    expect(merged.warnings.map((warning) => warning.sample)).toEqual([2, undefined, 4, undefined]);
    expect(merged.timings).toEqual({ backendMs: 11, camMs: 22, totalMs: 99 });
    expect(merged.layers).toEqual(['relu']);
  });
});
