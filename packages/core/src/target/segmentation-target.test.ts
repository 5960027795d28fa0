import { describe, expect, it } from 'vitest';
import { ClassIndexOutOfRangeError } from '../errors/class-index-out-of-range-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { SeededRandom } from '../math/seeded-random.js';
import { segmentationTarget } from './segmentation-target.js';

/** A seeded output `[N, C, H, W]` (pytorch-grad-cam's layout) and the same values as NHWC. */
function outputs(batch: number, channels: number, height: number, width: number) {
  const random = new SeededRandom(7);
  const nchw = new Float32Array(batch * channels * height * width).map(() => random.next() - 0.3);
  const nhwc = new Float32Array(nchw.length);
  for (let n = 0; n < batch; n++)
    for (let c = 0; c < channels; c++)
      for (let p = 0; p < height * width; p++)
        nhwc[(n * height * width + p) * channels + c] = nchw[(n * channels + c) * height * width + p]!;
  return { nchw, nhwc };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};

describe('segmentationTarget', () => {
  const [N, C, H, W] = [2, 3, 4, 5];
  const { nchw, nhwc } = outputs(N, C, H, W);

  it("is pytorch-grad-cam's SemanticSegmentationTarget: (output[c] * mask).sum(), mask = argmax == c", () => {
    for (const category of [0, 1, 2]) {
      const target = segmentationTarget(
        { data: nchw, shape: [N, C, H, W] },
        { classIndex: category, layout: 'nchw' },
      );
      const same = segmentationTarget({ data: nhwc, shape: [N, H, W, C] }, { classIndex: category });
      if (target.kind !== 'weights' || same.kind !== 'weights') throw new Error('expected weights');
      for (let n = 0; n < N; n++) {
        // The anchor: mask = (argmax over channels == category); score = (output[category] * mask).sum().
        let expected = 0;
        let pixels = 0;
        for (let p = 0; p < H * W; p++) {
          const values = Array.from({ length: C }, (_, c) => nchw[(n * C + c) * H * W + p]!);
          if (values.indexOf(Math.max(...values)) === category) {
            expected += values[category]!;
            pixels++;
          }
        }
        const size = C * H * W;
        const w = target.weights as Float32Array;
        const v = same.weights as Float32Array;
        expect(
          dot(w.subarray(n * size, (n + 1) * size), nchw.subarray(n * size, (n + 1) * size)),
        ).toBeCloseTo(expected, 5);
        expect(
          dot(v.subarray(n * size, (n + 1) * size), nhwc.subarray(n * size, (n + 1) * size)),
        ).toBeCloseTo(expected, 5);
        expect(w.subarray(n * size, (n + 1) * size).reduce((a, b) => a + b, 0)).toBe(pixels);
      }
    }
  });

  it('takes a given mask (weights per pixel) and thresholds a one-channel output', () => {
    const mask = Float32Array.from({ length: H * W }, (_, p) => (p % 3) * 0.5);
    const target = segmentationTarget(
      { data: nchw, shape: [N, C, H, W] },
      { classIndex: 1, layout: 'nchw', mask },
    );
    if (target.kind !== 'weights') throw new Error('expected weights');
    let expected = 0;
    for (let p = 0; p < H * W; p++) expected += mask[p]! * nchw[(1 * C + 1) * H * W + p]!;
    const size = C * H * W;
    expect(dot((target.weights as Float32Array).subarray(size), nchw.subarray(size))).toBeCloseTo(
      expected,
      5,
    );

    const sigmoid = Float32Array.of(0.2, 0.7, 0.5, 0.9);
    const person = segmentationTarget({ data: sigmoid, shape: [1, 2, 2, 1] }, { classIndex: 0 });
    expect(person.kind === 'weights' && Array.from(person.weights)).toEqual([0, 1, 0, 1]);
  });

  it('rejects a class outside the channels and a mask of the wrong size', () => {
    expect(() => segmentationTarget({ data: nhwc, shape: [N, H, W, C] }, { classIndex: 3 })).toThrow(
      ClassIndexOutOfRangeError,
    );
    expect(() =>
      segmentationTarget({ data: nhwc, shape: [N, H, W, C] }, { classIndex: 0, mask: [1, 0] }),
    ).toThrow(ShapeMismatchError);
    expect(() => segmentationTarget({ data: nhwc, shape: [N, H * W * C] }, { classIndex: 0 })).toThrow(
      ShapeMismatchError,
    );
  });
});
