import { readFileSync } from 'node:fs';
import { chooseLayer, explain, isTokenLayer, readNpyFloat32 } from '@gradcam/core';
import { models, smallcnnReference, vitRandomReference } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';
import { compareArrays } from './helpers/compare.js';

// A torchvision ViT (224, patch 16, 3 blocks, hidden 96, random weights) and pytorch-grad-cam 1.5.5's float64
// results at its last block's ln_1 with the ViT example's reshape_transform (drop the class token, 14x14 grid).
const layer = '/encoder/layers/encoder_layer_2/ln_1/LayerNormalization_output_0';
const classIndex = 759;
const reference = (name: string) => readNpyFloat32(readFileSync(vitRandomReference(name)));

describe('a Vision Transformer against pytorch-grad-cam (token layer, every op of its backward pass)', () => {
  let backend: OnnxBackend;
  const input = readNpyFloat32(readFileSync(smallcnnReference('input')));
  const spatialInput = {
    data: input.data,
    shape: input.shape as [number, number, number, number],
    layout: 'nchw' as const,
  };

  beforeAll(async () => {
    backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.vitRandom) });
  });
  afterAll(() => backend.dispose());

  it("lists the [N, 197, 96] tensors as token layers and picks the last block's ln_1 automatically", async () => {
    const layers = await backend.listLayers();
    const info = layers.find((candidate) => candidate.name === layer)!;
    expect(info).toMatchObject({ kind: 'LayerNormalization', outputShape: [null, 197, 96], layout: 'ntc' });
    expect(isTokenLayer(info)).toBe(true);
    // The attention's [197, N, 96] (batch second) and [3N, 197, 197] tensors are not token layers.
    expect(layers.filter(isTokenLayer).every((token) => token.outputShape[0] === null)).toBe(true);
    expect(layers.some((candidate) => candidate.name.includes('self_attention/Transpose_output_0'))).toBe(
      false,
    );
    expect(chooseLayer(layers)?.name).toBe(layer);
  });

  it('gives the logits, the tokens and their gradient of pytorch-grad-cam to 1e-4 relative', async () => {
    const result = await backend.forwardWithGradient({
      input: spatialInput,
      layer,
      target: { kind: 'class', index: classIndex },
    });
    expect(result.activations.layout).toBe('ntc');
    expect(result.activations.shape).toEqual([1, 197, 96]);
    expect(result.gradients.shape).toEqual([1, 197, 96]);
    const logits = compareArrays(result.scores.data, reference('logits').data);
    const activation = compareArrays(result.activations.data, reference('activation').data);
    const gradient = compareArrays(result.gradients.data, reference('gradient').data);
    console.info(
      `[vit] max |difference| (relative to peak): logits ${logits.maxAbs.toExponential(2)} (${logits.relative.toExponential(2)}), ` +
        `tokens ${activation.maxAbs.toExponential(2)} (${activation.relative.toExponential(2)}), ` +
        `gradient ${gradient.maxAbs.toExponential(2)} (${gradient.relative.toExponential(2)})`,
    );
    expect(logits.relative).toBeLessThan(1e-4);
    expect(activation.relative).toBeLessThan(1e-4);
    expect(gradient.relative).toBeLessThan(1e-4);
  });

  for (const method of ['gradcam', 'gradcam++', 'layercam', 'eigencam', 'scorecam'] as const) {
    it(`${method}: the map pytorch-grad-cam computes on the 14x14 grid, to 1e-4`, async () => {
      const explanation = await explain({
        backend,
        input: spatialInput,
        method,
        target: { kind: 'class', index: classIndex },
      });
      expect(explanation.layers).toEqual([layer]);
      expect(explanation.samples[0]!.layerMaps[0]!.coarse).toMatchObject({ height: 14, width: 14 });
      const cam = compareArrays(explanation.samples[0]!.map.data, reference(`${method}_cam`).data);
      console.info(`[vit] ${method} map max |difference| ${cam.maxAbs.toExponential(2)}`);
      expect(cam.maxAbs).toBeLessThan(1e-4);
    });
  }

  it('takes the grid as given: the same map with tokens { prefix: 1, height: 14, width: 14 }, an error for a wrong one', async () => {
    const inferred = await explain({
      backend,
      input: spatialInput,
      layer,
      target: { kind: 'class', index: classIndex },
    });
    const given = await explain({
      backend,
      input: spatialInput,
      layer,
      target: { kind: 'class', index: classIndex },
      tokens: { prefix: 1, height: 14, width: 14 },
    });
    expect(compareArrays(given.samples[0]!.map.data, inferred.samples[0]!.map.data).maxAbs).toBe(0);
    await expect(
      explain({ backend, input: spatialInput, layer, tokens: { prefix: 2, height: 14, width: 14 } }),
    ).rejects.toMatchObject({ code: 'token-grid' });
  });

  it('explains a batch of two (the image and its mirror) as it explains each alone', async () => {
    const mirrored = new Float32Array(input.data.length);
    for (let row = 0; row < 3 * 224; row++) {
      for (let x = 0; x < 224; x++) mirrored[row * 224 + x] = input.data[row * 224 + 223 - x]!;
    }
    const both = new Float32Array(2 * input.data.length);
    both.set(input.data);
    both.set(mirrored, input.data.length);
    const target = { kind: 'class', index: classIndex } as const;
    const batch = await explain({
      backend,
      input: { data: both, shape: [2, 3, 224, 224], layout: 'nchw' },
      target,
    });
    const alone = await explain({
      backend,
      input: { data: mirrored, shape: [1, 3, 224, 224], layout: 'nchw' },
      target,
    });
    expect(compareArrays(batch.samples[0]!.map.data, reference('gradcam_cam').data).maxAbs).toBeLessThan(
      1e-4,
    );
    expect(compareArrays(batch.samples[1]!.map.data, alone.samples[0]!.map.data).maxAbs).toBeLessThan(1e-5);
    expect(compareArrays(batch.samples[1]!.map.data, batch.samples[0]!.map.data).maxAbs).toBeGreaterThan(0.1);
  });

  it('ablationcam at the final norm: each weight is (y - y_ablated) / y, the channel ablated in every token', async () => {
    // The blocks' tokens feed residual connections, so the head from them needs the input (not supported); the
    // final norm's tokens reach the scores alone. The class token is ablated too, as pytorch-grad-cam's
    // AblationLayerVit does.
    const last = '/encoder/ln/LayerNormalization_output_0';
    const explanation = await explain({
      backend,
      input: spatialInput,
      layer: last,
      method: 'ablationcam',
      target: { kind: 'class', index: classIndex },
    });
    const weights = explanation.samples[0]!.layerMaps[0]!.channelWeights!;
    const { scores, activations } = await backend.forwardWithGradient({
      input: spatialInput,
      layer: last,
      target: { kind: 'class', index: classIndex },
    });
    const original = scores.data[classIndex]!;
    // The ablation value: core's rule on the 14x14 grid (the class token is not part of the map).
    const grid = activations.data.subarray(96);
    const low = grid.reduce((min, value) => Math.min(min, value), Number.POSITIVE_INFINITY);
    for (const channel of [0, 37, 95]) {
      const ablated = activations.data.slice();
      for (let token = 0; token < 197; token++) ablated[token * 96 + channel] = low === 0 ? 0 : low - 1e7;
      const head = await backend.headFromActivations({
        layer: last,
        activations: { data: ablated, shape: [1, 197, 96], layout: 'ntc' },
      });
      const expected = (original - head.data[classIndex]!) / original;
      expect(Math.abs(weights[channel]! - expected)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected)));
    }
  });

  it("ablationcam at the last block's ln_1: the residual bypasses it, so the whole model runs with the tokens replaced", async () => {
    const target = { kind: 'class', index: classIndex } as const;
    const explanation = await explain({ backend, input: spatialInput, layer, method: 'ablationcam', target });
    const weights = explanation.samples[0]!.layerMaps[0]!.channelWeights!;
    const { scores, activations } = await backend.forwardWithGradient({ input: spatialInput, layer, target });
    const original = scores.data[classIndex]!;
    const grid = activations.data.subarray(96);
    const low = grid.reduce((min, value) => Math.min(min, value), Number.POSITIVE_INFINITY);
    const tokens = (channel: number) => {
      const ablated = activations.data.slice();
      for (let token = 0; token < 197; token++) ablated[token * 96 + channel] = low - 1e7;
      return { data: ablated, shape: [1, 197, 96] as [number, number, number], layout: 'ntc' as const };
    };
    // Without the input the head alone cannot be run from inside a block.
    await expect(backend.headFromActivations({ layer, activations: tokens(0) })).rejects.toMatchObject({
      code: 'capability-not-supported',
    });
    for (const channel of [0, 37, 95]) {
      const head = await backend.headFromActivations({
        layer,
        activations: tokens(channel),
        input: spatialInput,
      });
      const expected = (original - head.data[classIndex]!) / original;
      expect(Math.abs(weights[channel]! - expected)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected)));
    }
    // Unablated tokens give the model's own scores back.
    const same = await backend.headFromActivations({
      layer,
      activations: { data: activations.data, shape: [1, 197, 96], layout: 'ntc' },
      input: spatialInput,
    });
    expect(compareArrays(same.data, scores.data).relative).toBeLessThan(1e-6);
  });

  it('hirescam, gradcam-elementwise and xgradcam: their closed forms on the 14x14 grid of the tokens (class token dropped)', async () => {
    const target = { kind: 'class', index: classIndex } as const;
    const { activations, gradients } = await backend.forwardWithGradient({
      input: spatialInput,
      layer,
      target,
    });
    // Token 1 + (14y + x) is cell (y, x); channels last.
    const a = (cell: number, c: number) => activations.data[(1 + cell) * 96 + c]!;
    const g = (cell: number, c: number) => gradients.data[(1 + cell) * 96 + c]!;
    const cells = Array.from({ length: 196 }, (_, cell) => cell);
    const channels = Array.from({ length: 96 }, (_, c) => c);
    const xWeights = channels.map((c) => {
      const product = cells.reduce((sum, cell) => sum + g(cell, c) * a(cell, c), 0);
      return product / (cells.reduce((sum, cell) => sum + a(cell, c), 0) + 1e-7);
    });
    const expected: Record<string, number[]> = {
      hirescam: cells.map((cell) => channels.reduce((sum, c) => sum + g(cell, c) * a(cell, c), 0)),
      'gradcam-elementwise': cells.map((cell) =>
        channels.reduce((sum, c) => sum + Math.max(g(cell, c) * a(cell, c), 0), 0),
      ),
      xgradcam: cells.map((cell) => channels.reduce((sum, c) => sum + xWeights[c]! * a(cell, c), 0)),
    };
    for (const [method, raw] of Object.entries(expected)) {
      const explanation = await explain({
        backend,
        input: spatialInput,
        method: method as 'hirescam',
        target,
      });
      const coarse = explanation.samples[0]!.layerMaps[0]!.coarse;
      const rectified = raw.map((value) => Math.max(value, 0));
      const peak = Math.max(...rectified);
      expect(peak).toBeGreaterThan(0);
      const difference = compareArrays(coarse.data, rectified);
      expect(difference.maxAbs / peak, method).toBeLessThan(1e-5);
    }
  });
});
