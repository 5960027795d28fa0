import { describe, expect, it } from 'vitest';
import { aggregateLayers, aggregateSamples } from './aggregate-layers.js';

const close = (actual: Float32Array, expected: readonly number[]) =>
  expected.forEach((value, index) => expect(actual[index]).toBeCloseTo(value, 6));

describe('aggregateLayers', () => {
  it('is minmax(resize(minmax(map))) for one layer', () => {
    // 1x2 -> 1x4 with half-pixel centres: x = 0.25, 0.75 map to source -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1).
    const map = aggregateLayers([{ data: Float32Array.of(2, 6), height: 1, width: 2 }], 1, 4);
    expect(map.height).toBe(1);
    close(map.data, [0, 0.25, 0.75, 1]);
  });

  it('averages the normalised maps of several layers and normalises again', () => {
    const rising = { data: Float32Array.of(0, 1, 2), height: 1, width: 3 };
    const peak = { data: Float32Array.of(0, 4, 0), height: 1, width: 3 };
    // minmax: [0, 0.5, 1] and [0, 1, 0]; mean [0, 0.75, 0.5]; minmax again [0, 1, 2/3].
    close(aggregateLayers([rising, peak], 1, 3).data, [0, 1, 2 / 3]);
  });

  it('aggregates each sample over the layers', () => {
    const layerA = [
      { data: Float32Array.of(0, 1, 2), height: 1, width: 3 },
      { data: Float32Array.of(2, 0, 1), height: 1, width: 3 },
    ];
    const layerB = [
      { data: Float32Array.of(0, 4, 0), height: 1, width: 3 },
      { data: Float32Array.of(0, 0, 5), height: 1, width: 3 },
    ];
    const [first, second] = aggregateSamples([layerA, layerB], 1, 3);
    close(first!.data, [0, 1, 2 / 3]);
    // [1, 0, 0.5] and [0, 0, 1]: mean [0.5, 0, 0.75], normalised [2/3, 0, 1].
    close(second!.data, [2 / 3, 0, 1]);
  });
});
