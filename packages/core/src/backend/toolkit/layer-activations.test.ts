import { describe, expect, it } from 'vitest';
import { InvalidTensorError } from '../../errors/invalid-tensor-error.js';
import { LayoutMismatchError } from '../../errors/layout-mismatch-error.js';
import { ShapeMismatchError } from '../../errors/shape-mismatch-error.js';
import type { SpatialTensor, TokenTensor } from '../../tensor.js';
import { validateLayerActivations } from './layer-activations.js';

// A layer of 2 channels of 1x2 in NCHW, batch free.
const layer = { name: 'relu', kind: 'Relu', outputShape: [null, 2, 1, 2], layout: 'nchw' as const };
const nchw: SpatialTensor = { data: Float32Array.of(1, 2, 3, 4), shape: [1, 2, 1, 2], layout: 'nchw' };

describe('validateLayerActivations', () => {
  it('returns activations in the layer layout, transposing the other layout', () => {
    expect(validateLayerActivations(layer, nchw)).toEqual(nchw);
    const nhwc: SpatialTensor = { data: Float32Array.of(1, 3, 2, 4), shape: [1, 1, 2, 2], layout: 'nhwc' };
    expect(validateLayerActivations(layer, nhwc)).toEqual(nchw);
  });

  it('rejects a shape that does not fit the layer, or the batch asked for', () => {
    const wide: SpatialTensor = { data: new Float32Array(6), shape: [1, 2, 1, 3], layout: 'nchw' };
    expect(() => validateLayerActivations(layer, wide)).toThrow(ShapeMismatchError);
    expect(() => validateLayerActivations(layer, wide)).toThrow(/output \[N, 2, 1, 2\], nchw/);
    expect(() => validateLayerActivations(layer, nchw, { batch: 2 })).toThrow(/output \[2, 2, 1, 2\]/);
    const short: SpatialTensor = { ...nchw, data: Float32Array.of(1, 2, 3) };
    expect(() => validateLayerActivations(layer, short)).toThrow(ShapeMismatchError);
    const fractional = { ...nchw, shape: [1, 2, 0.5, 4] } as unknown as SpatialTensor;
    expect(() => validateLayerActivations(layer, fractional)).toThrow(ShapeMismatchError);
  });

  it('rejects data that is not finite float32', () => {
    const nan: SpatialTensor = { ...nchw, data: Float32Array.of(1, Number.NaN, 3, 4) };
    expect(() => validateLayerActivations(layer, nan)).toThrow(InvalidTensorError);
    const doubles = { ...nchw, data: Float64Array.of(1, 2, 3, 4) } as unknown as SpatialTensor;
    expect(() => validateLayerActivations(layer, doubles)).toThrow(InvalidTensorError);
  });

  it('takes tokens for a token layer and rejects a feature map for it (and tokens for a 4-D layer)', () => {
    const tokenLayer = {
      name: 'ln',
      kind: 'LayerNormalization',
      outputShape: [null, 3, 2],
      layout: 'ntc' as const,
    };
    const tokens: TokenTensor = { data: Float32Array.of(1, 2, 3, 4, 5, 6), shape: [1, 3, 2], layout: 'ntc' };
    expect(validateLayerActivations(tokenLayer, tokens)).toEqual(tokens);
    expect(() => validateLayerActivations(tokenLayer, nchw)).toThrow(LayoutMismatchError);
    expect(() => validateLayerActivations(layer, tokens)).toThrow(LayoutMismatchError);
    const long: TokenTensor = { data: new Float32Array(8), shape: [1, 4, 2], layout: 'ntc' };
    expect(() => validateLayerActivations(tokenLayer, long)).toThrow(/output \[N, 3, 2\], ntc/);
  });
});
