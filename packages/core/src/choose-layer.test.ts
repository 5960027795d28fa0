import { describe, expect, it } from 'vitest';
import type { LayerInfo } from './backend/v1/backend-v1.js';
import { chooseLayer, isSpatialLayer } from './choose-layer.js';

const layer = (name: string, outputShape: (number | null)[], layout?: 'nchw' | 'nhwc'): LayerInfo => ({
  name,
  kind: 'x',
  outputShape,
  ...(layout ? { layout } : {}),
});

describe('chooseLayer', () => {
  it('takes the last 4-D layer with more than one spatial cell', () => {
    const layers = [
      layer('conv1', [null, 8, 16, 16], 'nchw'),
      layer('conv2', [null, 16, 4, 4], 'nchw'),
      layer('gap', [null, 16, 1, 1], 'nchw'),
      layer('flatten', [null, 16]),
      layer('fc', [null, 10]),
    ];
    expect(chooseLayer(layers)?.name).toBe('conv2');
  });
  it('reads NHWC shapes and counts unknown sizes as spatial', () => {
    expect(isSpatialLayer(layer('a', [null, 7, 7, 512], 'nhwc'))).toBe(true);
    expect(isSpatialLayer(layer('b', [null, 1, 1, 512], 'nhwc'))).toBe(false);
    expect(isSpatialLayer(layer('c', [null, 3, null, null], 'nchw'))).toBe(true);
  });
  it('returns undefined for a model without spatial layers', () => {
    expect(chooseLayer([layer('fc', [null, 10])])).toBeUndefined();
  });
});
