import { describe, expect, it } from 'vitest';
import { toLayout } from '../math/to-layout.js';
import type { SpatialTensor } from '../tensor.js';
import { reduceInputChannels } from './channel-reduction.js';

// Two pixels (1x2), three channels: pixel 0 = (1, -3, 2), pixel 1 = (-0.5, 0.25, 0).
const tensor: SpatialTensor = {
  data: Float32Array.from([1, -0.5, -3, 0.25, 2, 0]),
  shape: [1, 3, 1, 2],
  layout: 'nchw',
};

describe('reduceInputChannels', () => {
  it('reduces the channels of each pixel', () => {
    const values = (reduction: Parameters<typeof reduceInputChannels>[1]) =>
      Array.from(reduceInputChannels(tensor, reduction)[0]!.data);
    expect(values('max-abs')).toEqual([3, 0.5]);
    expect(values('sum-abs')).toEqual([6, 0.75]);
    expect(values('sum')).toEqual([0, -0.25]);
    expect(values('max')).toEqual([2, 0.25]);
    expect(Array.from(reduceInputChannels(toLayout(tensor, 'nhwc'))[0]!.data)).toEqual([3, 0.5]);
  });
});
