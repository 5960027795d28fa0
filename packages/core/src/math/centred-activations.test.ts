import { describe, expect, it } from 'vitest';
import { centredActivations } from './centred-activations.js';

describe('centredActivations', () => {
  it('gives one sample as pixels x channels, centred per channel, the same in both layouts (NaN as 0)', () => {
    // Sample 1 of a [2, 2, 1, 2] NCHW tensor: channel 0 = [1, 3], channel 1 = [NaN, 4].
    const nchw = {
      data: Float32Array.of(9, 9, 9, 9, 1, 3, Number.NaN, 4),
      shape: [2, 2, 1, 2],
      layout: 'nchw',
    } as const;
    const nhwc = {
      data: Float32Array.of(9, 9, 9, 9, 1, Number.NaN, 3, 4),
      shape: [2, 1, 2, 2],
      layout: 'nhwc',
    } as const;
    for (const tensor of [nchw, nhwc]) {
      const { matrix, pixelSums } = centredActivations(tensor, 1);
      expect(Array.from(matrix)).toEqual([-1, -2, 1, 2]);
      expect(Array.from(pixelSums)).toEqual([1, 7]);
    }
  });
});
