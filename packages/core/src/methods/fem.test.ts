import { describe, expect, it } from 'vitest';
import { femWeights } from './fem.js';

describe('femWeights', () => {
  it('is the fraction of pixels above mean + k std, per channel and sample (both layouts)', () => {
    // Channel 0: [0, 0, 0, 10]: mean 2.5, std 4.33; above 2.5 + 1 * 4.33: one pixel of four.
    // Channel 1: [1, 2, 3, 4]: mean 2.5, std 1.118; above 3.618: one pixel; with k = 0 two pixels.
    const nchw = {
      data: Float32Array.of(0, 0, 0, 10, 1, 2, 3, 4),
      shape: [1, 2, 2, 2],
      layout: 'nchw',
    } as const;
    expect([...femWeights(nchw, 1)]).toEqual([0.25, 0.25]);
    expect([...femWeights(nchw, 0)]).toEqual([0.25, 0.5]);
    // k = 2: channel 0 needs > 11.16 (none), channel 1 needs > 4.74 (none).
    expect([...femWeights(nchw, 2)]).toEqual([0, 0]);
    const nhwc = {
      data: Float32Array.of(0, 1, 0, 2, 0, 3, 10, 4),
      shape: [1, 2, 2, 2],
      layout: 'nhwc',
    } as const;
    expect([...femWeights(nhwc, 0)]).toEqual([0.25, 0.5]);
  });
});
