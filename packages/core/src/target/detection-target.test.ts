import { describe, expect, it } from 'vitest';
import { ClassIndexOutOfRangeError } from '../errors/class-index-out-of-range-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { centerNetDetections } from './center-net-detections.js';
import { detectionTarget } from './detection-target.js';

describe('detectionTarget', () => {
  it('weights exactly the class channel at the cell, in either layout', () => {
    const nhwc = detectionTarget({ outputShape: [2, 4, 5, 3], classIndex: 2, cell: { y: 1, x: 3 } });
    const weights = nhwc.kind === 'weights' ? Array.from(nhwc.weights) : [];
    const size = 4 * 5 * 3;
    expect(weights.length).toBe(2 * size);
    expect(weights.reduce((a, b) => a + b, 0)).toBe(2);
    expect(weights[(1 * 5 + 3) * 3 + 2]).toBe(1);
    expect(weights[size + (1 * 5 + 3) * 3 + 2]).toBe(1);
    const nchw = detectionTarget({
      outputShape: [1, 3, 4, 5],
      layout: 'nchw',
      classIndex: 2,
      cell: { y: 1, x: 3 },
    });
    expect(nchw.kind === 'weights' && nchw.weights[(2 * 4 + 1) * 5 + 3]).toBe(1);
  });
  it('rejects a class or cell outside the map', () => {
    expect(() => detectionTarget({ outputShape: [1, 4, 5, 3], classIndex: 3, cell: { y: 0, x: 0 } })).toThrow(
      ClassIndexOutOfRangeError,
    );
    expect(() => detectionTarget({ outputShape: [1, 4, 5, 3], classIndex: 0, cell: { y: 4, x: 0 } })).toThrow(
      ShapeMismatchError,
    );
  });
});

describe('centerNetDetections', () => {
  // An 8x8 heat map of 2 classes over a 32x32 input (stride 4), with peaks at (2, 5) class 1 and (6, 1) class 0.
  const keypoints = new Float32Array(8 * 8 * 2);
  keypoints[(2 * 8 + 5) * 2 + 1] = 0.9;
  keypoints[(2 * 8 + 4) * 2 + 1] = 0.95; // a larger neighbour that is not the detection's peak
  keypoints[(6 * 8 + 1) * 2 + 0] = 0.4;
  // Rows [x0, y0, x1, y1, score, class] in input pixels.
  const detections = Float32Array.of(
    14,
    6,
    25,
    15,
    0.9,
    1, // centre (19.5, 10.5) -> cell (2, 4), peak (2, 5)
    0,
    20,
    10,
    32,
    0.4,
    0, // centre (5, 26) -> cell (6, 1)
    0,
    0,
    4,
    4,
    0.1,
    0, // below minScore
  );
  const found = centerNetDetections(
    { data: keypoints, shape: [1, 8, 8, 2] },
    { data: detections, shape: [1, 3, 6] },
    { inputSize: { height: 32, width: 32 }, minScore: 0.3 },
  );
  it('keeps the detections above minScore, highest first, with boxes normalised to the input', () => {
    expect(found.map((d) => [d.classIndex, d.score])).toEqual([
      [1, expect.closeTo(0.9, 6)],
      [0, expect.closeTo(0.4, 6)],
    ]);
    expect(found[0]!.box).toEqual([14 / 32, 6 / 32, 25 / 32, 15 / 32]);
    expect(found[1]!.box).toEqual([0, 20 / 32, 10 / 32, 1]);
  });
  it('maps each detection to the heat-map peak that scores it', () => {
    expect(found[0]!.cell).toEqual({ y: 2, x: 5 });
    expect(found[1]!.cell).toEqual({ y: 6, x: 1 });
    const one = centerNetDetections(
      { data: keypoints, shape: [1, 8, 8, 2] },
      { data: detections, shape: [1, 3, 6] },
      { inputSize: { height: 32, width: 32 }, maxDetections: 1 },
    );
    expect(one.length).toBe(1);
  });

  it('rejects outputs of other shapes', () => {
    expect(() =>
      centerNetDetections(
        { data: keypoints, shape: [1, 8 * 8 * 2] },
        { data: detections, shape: [1, 3, 6] },
        { inputSize: { height: 32, width: 32 } },
      ),
    ).toThrow(ShapeMismatchError);
    expect(() =>
      centerNetDetections(
        { data: keypoints, shape: [1, 8, 8, 2] },
        { data: detections, shape: [1, 6, 3] },
        { inputSize: { height: 32, width: 32 } },
      ),
    ).toThrow(ShapeMismatchError);
  });
});
