import { chooseLayer, explain, type TokenTensor } from '@gradcam/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { finiteDifferenceCheck } from './__fixtures__/finite-differences.js';
import { randomInput, randomizeWeights } from './__fixtures__/random-models.js';
import { useBackend } from './__fixtures__/tfjs-backends.js';
import { createTfjsBackend } from './create-tfjs-backend.js';

/**
 * A tiny transformer-like LayersModel: 4x4 patches of an 8x8 image embedded by a strided convolution, read as
 * 4 tokens (a 2x2 grid, no class token), a LayerNormalization, a token-wise MLP, mean pooling, a dense head.
 */
function tokenModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3], name: 'image' });
  const patches = tfl.layers
    .conv2d({ name: 'patches', filters: 6, kernelSize: 4, strides: 4 })
    .apply(input) as tfl.SymbolicTensor;
  const tokens = tfl.layers
    .reshape({ name: 'tokens', targetShape: [4, 6] })
    .apply(patches) as tfl.SymbolicTensor;
  const norm = tfl.layers.layerNormalization({ name: 'norm' }).apply(tokens) as tfl.SymbolicTensor;
  const mlp = tfl.layers
    .dense({ name: 'mlp', units: 6, activation: 'tanh' })
    .apply(norm) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling1d({ name: 'pool' }).apply(mlp) as tfl.SymbolicTensor;
  const head = tfl.layers.dense({ name: 'head', units: 3 }).apply(pooled) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: head });
  randomizeWeights(model, 11);
  return model;
}

describe('token layers of a LayersModel', () => {
  it('are listed as token layers, the LayerNorm chosen automatically, their gradient checked by finite differences', async () => {
    await useBackend('cpu');
    const backend = await createTfjsBackend(tokenModel());
    const layers = await backend.listLayers();
    expect(layers.find((layer) => layer.name === 'norm')).toMatchObject({
      outputShape: [null, 4, 6],
      layout: 'ntc',
    });
    expect(layers.find((layer) => layer.name === 'patches')?.layout).toBe('nhwc');
    expect(chooseLayer(layers)?.name).toBe('norm');
    const report = await finiteDifferenceCheck(backend, randomInput([2, 8, 8, 3]), 'norm', {
      kind: 'class',
      index: [0, 2],
    });
    expect(report.result.activations).toMatchObject({ shape: [2, 4, 6], layout: 'ntc' });
    expect(report.failures).toBe(0);
    expect(report.maxRelativeError).toBeLessThan(1e-2);
    await backend.dispose();
  });

  it('Grad-CAM on the 2x2 grid of the tokens: relu(sum_c mean_t(dY/dA) A) per token, row-major', async () => {
    await useBackend('cpu');
    const backend = await createTfjsBackend(tokenModel());
    const input = randomInput([1, 8, 8, 3], 4);
    const explanation = await explain({ backend, input, layer: 'norm', target: { kind: 'class', index: 1 } });
    const { activations, gradients } = await backend.forwardWithGradient({
      input,
      layer: 'norm',
      target: { kind: 'class', index: 1 },
    });
    const a = activations as TokenTensor;
    const weights = Array.from({ length: 6 }, (_, c) => {
      let sum = 0;
      for (let t = 0; t < 4; t++) sum += gradients.data[t * 6 + c]!;
      return sum / 4;
    });
    const expected = Array.from({ length: 4 }, (_, t) =>
      Math.max(
        0,
        weights.reduce((sum, w, c) => sum + w * a.data[t * 6 + c]!, 0),
      ),
    );
    const coarse = explanation.samples[0]!.layerMaps[0]!.coarse;
    expect([coarse.height, coarse.width]).toEqual([2, 2]);
    expect(Array.from(coarse.data).every((value, index) => Math.abs(value - expected[index]!) < 1e-5)).toBe(
      true,
    );
    expect(expected.some((value) => value > 0)).toBe(true);
    await backend.dispose();
  });

  it('take tokens back in headFromActivations (Ablation-CAM at the MLP output)', async () => {
    await useBackend('cpu');
    const backend = await createTfjsBackend(tokenModel());
    const input = randomInput([1, 8, 8, 3], 5);
    const target = { kind: 'class', index: 2 } as const;
    const explanation = await explain({ backend, input, layer: 'mlp', method: 'ablationcam', target });
    const { scores, activations } = await backend.forwardWithGradient({ input, layer: 'mlp', target });
    const original = scores.data[2]!;
    const low = activations.data.reduce((min, value) => Math.min(min, value), Number.POSITIVE_INFINITY);
    const ablated = activations.data.slice();
    for (let t = 0; t < 4; t++) ablated[t * 6 + 3] = low - 1e7;
    const head = await backend.headFromActivations({
      layer: 'mlp',
      activations: { data: ablated, shape: [1, 4, 6], layout: 'ntc' },
    });
    const expected = (original - head.data[2]!) / original;
    const weight = explanation.samples[0]!.layerMaps[0]!.channelWeights![3]!;
    expect(Math.abs(weight - expected) / Math.abs(expected)).toBeLessThan(1e-6);
    await expect(
      backend.headFromActivations({
        layer: 'mlp',
        activations: { data: ablated, shape: [1, 2, 2, 6], layout: 'nhwc' },
      }),
    ).rejects.toMatchObject({ code: 'layout-mismatch' });
    await backend.dispose();
  });
});
