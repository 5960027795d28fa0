import { describe, expect, it } from 'vitest';
import { channelMeans } from './channel-means.js';
import { toLayout } from './to-layout.js';
import { weightedChannelSum } from './weighted-channel-sum.js';

// Two samples, two channels, 1x2 spatial, NCHW.
const nchw = {
  data: Float32Array.of(1, 3, 10, 20, -1, -3, 0, 4),
  shape: [2, 2, 1, 2] as [number, number, number, number],
  layout: 'nchw' as const,
};

describe('channelMeans', () => {
  it('averages each channel over the spatial axes, per sample', () => {
    expect(Array.from(channelMeans(nchw))).toEqual([2, 15, -2, 2]);
  });
  it('gives the same means in NHWC', () => {
    expect(Array.from(channelMeans(toLayout(nchw, 'nhwc')))).toEqual([2, 15, -2, 2]);
  });
});

describe('weightedChannelSum', () => {
  it('sums channels weighted per sample', () => {
    const weights = Float32Array.of(1, 0.5, 2, -1);
    const maps = weightedChannelSum(nchw, weights);
    expect(Array.from(maps[0]!.data)).toEqual([1 + 5, 3 + 10]);
    expect(Array.from(maps[1]!.data)).toEqual([-2 - 0, -6 - 4]);
    const nhwcMaps = weightedChannelSum(toLayout(nchw, 'nhwc'), weights);
    expect(nhwcMaps.map((map) => Array.from(map.data))).toEqual(maps.map((map) => Array.from(map.data)));
  });
  it('rejects a weight count that does not match batch x channels', () => {
    expect(() => weightedChannelSum(nchw, new Float32Array(3))).toThrow(/Expected 4 channel weights/);
  });
});

describe('toLayout', () => {
  it('round-trips NCHW -> NHWC -> NCHW', () => {
    const nhwc = toLayout(nchw, 'nhwc');
    expect(nhwc.shape).toEqual([2, 1, 2, 2]);
    expect(Array.from(nhwc.data)).toEqual([1, 10, 3, 20, -1, 0, -3, 4]);
    expect(Array.from(toLayout(nhwc, 'nchw').data)).toEqual(Array.from(nchw.data));
  });
});
