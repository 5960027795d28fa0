import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../../errors/shape-mismatch-error.js';
import { UnknownLayerError } from '../../errors/unknown-layer-error.js';
import type { LayerInfo } from '../v1/backend-v1.js';
import { candidateLayerNames, requireSpatialLayer } from './spatial-layer.js';

const layers: LayerInfo[] = [
  { name: 'conv', kind: 'Conv', outputShape: [null, 8, 7, 7], layout: 'nchw' },
  { name: 'pool', kind: 'GlobalAveragePool', outputShape: [null, 8, 1, 1], layout: 'nchw' },
  { name: 'dense', kind: 'Gemm', outputShape: [null, 10] },
];

describe('requireSpatialLayer', () => {
  it('returns the layer found when its output is 4-D', () => {
    expect(requireSpatialLayer('conv', layers[0], layers)).toBe(layers[0]);
    expect(requireSpatialLayer('pool', layers[1], layers)).toBe(layers[1]);
  });

  it('rejects a missing layer listing the spatial ones, and a layer that is not 4-D', () => {
    expect(() => requireSpatialLayer('conv9', undefined, layers)).toThrow(UnknownLayerError);
    try {
      requireSpatialLayer('conv9', undefined, layers);
    } catch (error) {
      expect((error as UnknownLayerError).available).toEqual(['conv']);
    }
    expect(() => requireSpatialLayer('dense', layers[2], layers)).toThrow(ShapeMismatchError);
    expect(() => requireSpatialLayer('dense', layers[2], layers)).toThrow(/2-D output \[\?, 10\]/);
  });

  it('lists every layer when none is spatial', () => {
    expect(candidateLayerNames(layers.slice(1))).toEqual(['pool', 'dense']);
  });

  it('takes a token layer (3-D, ntc) and lists it as a candidate', () => {
    const tokens: LayerInfo = {
      name: 'ln_1',
      kind: 'LayerNormalization',
      outputShape: [null, 197, 96],
      layout: 'ntc',
    };
    const all = [...layers, tokens];
    expect(requireSpatialLayer('ln_1', tokens, all)).toBe(tokens);
    expect(candidateLayerNames(all)).toEqual(['conv', 'ln_1']);
    const plain3d: LayerInfo = { name: 'seq', kind: 'MatMul', outputShape: [null, 197, 96] };
    expect(() => requireSpatialLayer('seq', plain3d, [...layers, plain3d])).toThrow(/or a token layer/);
  });
});
