import { describe, expect, it } from 'vitest';
import type { Backend, HeadRequest } from '../backend/v1/backend-v1.js';
import type { SpatialTensor, TokenTensor } from '../tensor.js';
import { tokenGridBackend } from './token-grid-backend.js';

const input: SpatialTensor = { data: new Float32Array(2 * 3 * 8 * 12), shape: [2, 3, 8, 12], layout: 'nchw' };

/** Tokens [2, 1 + 2x3, 2]: value = 100 n + 10 t + c (+ 0.5 for the gradient). */
function tokens(offset: number): TokenTensor {
  const data = new Float32Array(2 * 7 * 2);
  for (let n = 0; n < 2; n++)
    for (let t = 0; t < 7; t++)
      for (let c = 0; c < 2; c++) data[(n * 7 + t) * 2 + c] = 100 * n + 10 * t + c + offset;
  return { data, shape: [2, 7, 2], layout: 'ntc' };
}

function fakeBackend(heads: HeadRequest[]): Backend {
  const scores = { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] as const };
  return {
    specificationVersion: 'v1',
    name: 'fake',
    input: { shape: [null, 3, 8, 12], layout: 'nchw' },
    capabilities: { gradients: true, forward: true, headFromActivations: true },
    listLayers: async () => [
      { name: 'blocks.0.norm1', kind: 'LayerNormalization', outputShape: [null, 7, 2], layout: 'ntc' },
    ],
    forwardWithGradient: async () => ({
      scores,
      activations: tokens(0),
      gradients: tokens(0.5),
      classIndices: [0, 1],
    }),
    forward: async () => ({ scores, activations: { 'blocks.0.norm1': tokens(0) } }),
    headFromActivations: async (request) => {
      heads.push(request);
      return {
        data: new Float32Array(request.activations.shape[0] * 2),
        shape: [request.activations.shape[0], 2],
      };
    },
  };
}

describe('tokenGridBackend', () => {
  it('turns token activations and gradients into [N, h, w, C] maps, the grid inferred from a 8x12 input', async () => {
    const view = tokenGridBackend(fakeBackend([]));
    const result = await view.forwardWithGradient({
      input,
      layer: 'blocks.0.norm1',
      target: { kind: 'top' },
    });
    expect(result.activations.shape).toEqual([2, 2, 3, 2]);
    expect(result.activations.layout).toBe('nhwc');
    expect(Array.from(result.activations.data.slice(0, 4))).toEqual([10, 11, 20, 21]);
    expect(Array.from(result.gradients.data.slice(12, 14))).toEqual([110.5, 111.5]);
    const forward = await view.forward!({ input, layers: ['blocks.0.norm1'] });
    expect(forward.activations['blocks.0.norm1']!.shape).toEqual([2, 2, 3, 2]);
  });

  it('is one object per backend and options (caches keyed by backend keep working)', () => {
    const backend = fakeBackend([]);
    expect(tokenGridBackend(backend, { prefix: 1 })).toBe(tokenGridBackend(backend, { prefix: 1 }));
    expect(tokenGridBackend(backend, { prefix: 1 })).not.toBe(tokenGridBackend(backend));
  });

  it("puts each row's prefix tokens back, ablating a replaced channel in them too (AblationLayerVit)", async () => {
    const heads: HeadRequest[] = [];
    const view = tokenGridBackend(fakeBackend(heads));
    const { activations } = await view.forwardWithGradient({
      input,
      layer: 'blocks.0.norm1',
      target: { kind: 'top' },
    });
    // Two rows made from sample 1: the first unchanged, the second with channel 1 set to -7 everywhere.
    const sample = activations.data.slice(12, 24);
    const ablated = sample.slice();
    for (let cell = 0; cell < 6; cell++) ablated[cell * 2 + 1] = -7;
    const data = new Float32Array(24);
    data.set(sample, 0);
    data.set(ablated, 12);
    await view.headFromActivations!({
      layer: 'blocks.0.norm1',
      activations: { data, shape: [2, 2, 3, 2], layout: 'nhwc' },
    });
    const sent = heads[0]!.activations;
    expect(sent.layout).toBe('ntc');
    expect(sent.shape).toEqual([2, 7, 2]);
    expect(Array.from(sent.data.slice(0, 14))).toEqual(Array.from(tokens(0).data.slice(14, 28)));
    expect(Array.from(sent.data.slice(14, 16))).toEqual([100, -7]);
    expect(Array.from(sent.data.slice(16, 18))).toEqual([110, -7]);
  });

  it('matches rows against the recent passes, so an overlapping pass on other inputs does not mix up the prefix', async () => {
    const heads: HeadRequest[] = [];
    let offset = 0;
    const backend: Backend = {
      ...fakeBackend(heads),
      forwardWithGradient: async () => {
        offset += 1000;
        const values = tokens(offset);
        return {
          scores: { data: new Float32Array(4), shape: [2, 2] },
          activations: values,
          gradients: values,
          classIndices: [0, 1],
        };
      },
    };
    const view = tokenGridBackend(backend);
    const first = await view.forwardWithGradient({ input, layer: 'blocks.0.norm1', target: { kind: 'top' } });
    await view.forwardWithGradient({ input, layer: 'blocks.0.norm1', target: { kind: 'top' } });
    // A row made from the first pass's sample 0, sent after the second pass.
    await view.headFromActivations!({
      layer: 'blocks.0.norm1',
      activations: { data: first.activations.data.slice(0, 12), shape: [1, 2, 3, 2], layout: 'nhwc' },
    });
    expect(Array.from(heads[0]!.activations.data.slice(0, 2))).toEqual([1000, 1001]);
  });
});
