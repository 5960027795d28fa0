import {
  CapabilityNotSupportedError,
  chooseLayer,
  ShapeMismatchError,
  type SpatialTensor,
} from '@gradcam/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { finiteDifferenceCheck } from '../__fixtures__/finite-differences.js';
import {
  branchedModel,
  randomInput,
  randomizeWeights,
  sequentialModel,
} from '../__fixtures__/random-models.js';
import { tf, useBackend } from '../__fixtures__/tfjs-backends.js';
import { createTfjsBackend } from '../create-tfjs-backend.js';

const softmax = (scores: Float32Array, classes: number) => {
  const out = new Float32Array(scores.length);
  for (let row = 0; row < scores.length / classes; row++) {
    const slice = scores.subarray(row * classes, (row + 1) * classes);
    const max = Math.max(...slice);
    const exps = slice.map((value) => Math.exp(value - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    exps.forEach((value, k) => {
      out[row * classes + k] = value / sum;
    });
  }
  return out;
};

const predict = (model: tfl.LayersModel, input: SpatialTensor) =>
  tf.tidy(() => (model.predict(tf.tensor(input.data, [...input.shape])) as tf.Tensor).dataSync().slice());

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let max = 0;
  for (let index = 0; index < a.length; index++) max = Math.max(max, Math.abs(a[index]! - b[index]!));
  return max;
};

describe('LayersModel: layers, scores, substitution', () => {
  it('lists every layer in execution order, nested layers as "outer/inner", with NHWC shapes', async () => {
    await useBackend('cpu');
    const backend = await createTfjsBackend(branchedModel());
    const layers = await backend.listLayers();
    const names = layers.map((layer) => layer.name);
    expect(names).toEqual([
      'stem',
      'stem_bn',
      'branch',
      'residual',
      'pool',
      'block/dw',
      'block/pw',
      'block',
      'sep',
      'merge',
      'last',
      'gap',
      'hidden',
      'probs',
    ]);
    expect(layers.find((layer) => layer.name === 'block/dw')).toEqual({
      name: 'block/dw',
      kind: 'DepthwiseConv2D',
      outputShape: [null, 6, 6, 12],
      layout: 'nhwc',
    });
    expect(layers.find((layer) => layer.name === 'block')?.kind).toBe('Sequential');
    expect(chooseLayer(layers)?.name).toBe('last');
    expect(backend.input).toEqual({ name: 'image', shape: [null, 12, 12, 3], layout: 'nhwc' });
    expect(backend.numClasses).toBe(5);
    expect(backend.modelKind).toBe('LayersModel');
    await backend.dispose();
  });

  it('explains the scores before a final softmax activation, says so, and they match model.predict', async () => {
    await useBackend('cpu');
    const model = branchedModel();
    const backend = await createTfjsBackend(model);
    expect(backend.notes.join(' ')).toMatch(/softmax.*"probs".*scores before it/);
    const input = randomInput([3, 12, 12, 3]);
    const { scores } = await backend.forward({ input });
    expect(maxDifference(softmax(scores.data, 5), predict(model, input))).toBeLessThan(1e-5);
    const result = await backend.forwardWithGradient({ input, layer: 'merge', target: { kind: 'top' } });
    expect(maxDifference(result.scores.data, scores.data)).toBeLessThan(1e-4);
    await backend.dispose();
  });

  it('explains the scores before a final Activation("softmax") layer of a Sequential model', async () => {
    await useBackend('cpu');
    const model = sequentialModel();
    const backend = await createTfjsBackend(model);
    const names = (await backend.listLayers()).map((layer) => layer.name);
    expect(names).toEqual(['c1', 'c2', 'flat', 'logits']);
    expect(backend.notes.join(' ')).toMatch(/"softmax"/);
    const input = randomInput([2, 10, 10, 2], 4);
    const { scores } = await backend.forward({ input });
    expect(maxDifference(softmax(scores.data, 4), predict(model, input))).toBeLessThan(1e-5);
    await backend.dispose();
  });

  it('explains the probabilities when explainPreSoftmax is false', async () => {
    await useBackend('cpu');
    const model = branchedModel();
    const backend = await createTfjsBackend(model, { explainPreSoftmax: false });
    expect(backend.notes).toEqual([]);
    const input = randomInput([2, 12, 12, 3]);
    const { scores } = await backend.forward({ input });
    expect(maxDifference(scores.data, predict(model, input))).toBeLessThan(1e-6);
    await backend.dispose();
  });

  it('returns the activations tfjs-layers computes, for any layer', async () => {
    await useBackend('cpu');
    const model = branchedModel();
    const backend = await createTfjsBackend(model);
    const input = randomInput([2, 12, 12, 3]);
    const { activations } = await backend.forward({ input, layers: ['residual', 'merge', 'block'] });
    for (const name of ['residual', 'merge']) {
      const probe = tfl.model({
        inputs: model.inputs,
        outputs: model.getLayer(name).output as tfl.SymbolicTensor,
      });
      expect(maxDifference(activations[name]!.data, predict(probe, input))).toBeLessThan(1e-5);
    }
    expect(activations.block!.shape).toEqual([2, 6, 6, 8]);
    await backend.dispose();
  });

  it('gives the scores back when a layer is replaced by its own activations (any layer, branches included)', async () => {
    await useBackend('cpu');
    const backend = await createTfjsBackend(branchedModel());
    const input = randomInput([2, 12, 12, 3]);
    const { scores, activations } = await backend.forward({ input, layers: ['branch', 'block/dw'] });
    for (const layer of ['branch', 'block/dw']) {
      const replaced = await backend.scoresWithActivations({
        input,
        layer,
        activations: activations[layer]!,
      });
      expect(maxDifference(replaced.data, scores.data)).toBeLessThan(1e-4);
    }
    await backend.dispose();
  });

  it('headFromActivations works after the branches merge and refuses layers a branch bypasses', async () => {
    await useBackend('cpu');
    const backend = await createTfjsBackend(branchedModel());
    const input = randomInput([2, 12, 12, 3]);
    const { scores, activations } = await backend.forward({ input, layers: ['merge', 'branch'] });
    const head = await backend.headFromActivations({ layer: 'merge', activations: activations.merge! });
    expect(maxDifference(head.data, scores.data)).toBeLessThan(1e-4);
    const bypassed = backend.headFromActivations({ layer: 'branch', activations: activations.branch! });
    await expect(bypassed).rejects.toSatisfy(CapabilityNotSupportedError.isInstance);
    await expect(bypassed).rejects.toThrow(/bypasses.*scoresWithActivations/);
    // With the input, the whole model runs with the layer's output replaced: its own activations give its scores.
    const withInput = await backend.headFromActivations({
      layer: 'branch',
      activations: activations.branch!,
      input,
    });
    expect(maxDifference(withInput.data, scores.data)).toBeLessThan(1e-4);
    await backend.dispose();
  });

  it('rejects a gradient at a layer without spatial output with ShapeMismatchError', async () => {
    await useBackend('cpu');
    const backend = await createTfjsBackend(branchedModel());
    const call = backend.forwardWithGradient({
      input: randomInput([1, 12, 12, 3]),
      layer: 'hidden',
      target: { kind: 'top' },
    });
    await expect(call).rejects.toSatisfy(ShapeMismatchError.isInstance);
    await expect(call).rejects.toThrow(/"hidden" \(Dense\) has a 2-D output/);
    await backend.dispose();
  });

  it('names the calls of a shared layer "name" and "name:1"', async () => {
    await useBackend('cpu');
    const input = tfl.input({ shape: [6, 6, 3], name: 'x' });
    const shared = tfl.layers.conv2d({
      name: 'shared',
      filters: 3,
      kernelSize: 3,
      padding: 'same',
      activation: 'tanh',
    });
    const first = shared.apply(input) as tfl.SymbolicTensor;
    const second = shared.apply(first) as tfl.SymbolicTensor;
    const sum = tfl.layers.add({ name: 'sum' }).apply([first, second]) as tfl.SymbolicTensor;
    const pooled = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(sum) as tfl.SymbolicTensor;
    const model = tfl.model({
      inputs: input,
      outputs: tfl.layers.dense({ units: 3 }).apply(pooled) as tfl.SymbolicTensor,
    });
    randomizeWeights(model, 11);
    const backend = await createTfjsBackend(model);
    expect((await backend.listLayers()).map((layer) => layer.name).slice(0, 3)).toEqual([
      'shared',
      'shared:1',
      'sum',
    ]);
    const report = await finiteDifferenceCheck(backend, randomInput([1, 6, 6, 3]), 'shared', {
      kind: 'class',
      index: 2,
    });
    // A zero gradient, or entries all skipped as kinks, would pass the checks below without testing anything.
    expect(report.gradientScale).toBeGreaterThan(0);
    expect(report.entries - report.kinks).toBeGreaterThanOrEqual(report.entries / 2);
    expect(report.failures).toBe(0);
    expect(report.directional.relativeError).toBeLessThan(1e-2);
    await backend.dispose();
  });
});

describe('LayersModel gradients agree with central finite differences (eps 1e-2, float32)', () => {
  // Layers before the max-pool see its switches within ±eps: those entries are detected and skipped.
  const cases: { layer: string; smooth: boolean }[] = [
    { layer: 'stem', smooth: false },
    { layer: 'stem_bn', smooth: false },
    { layer: 'branch', smooth: false },
    { layer: 'residual', smooth: false },
    { layer: 'pool', smooth: true },
    { layer: 'block/dw', smooth: true },
    { layer: 'block', smooth: true },
    { layer: 'sep', smooth: true },
    { layer: 'merge', smooth: true },
    { layer: 'last', smooth: true },
  ];
  it.each(cases)('at "$layer" of the branched model', async ({ layer, smooth }) => {
    await useBackend('cpu');
    const backend = await createTfjsBackend(branchedModel());
    const report = await finiteDifferenceCheck(backend, randomInput([2, 12, 12, 3]), layer, {
      kind: 'class',
      index: [1, 3],
    });
    expect(report.gradientScale).toBeGreaterThan(0);
    expect(report.failures).toBe(0);
    expect(report.maxRelativeError).toBeLessThan(1e-2);
    expect(report.entries - report.kinks).toBeGreaterThanOrEqual(report.entries / 2);
    if (smooth) {
      expect(report.kinks).toBe(0);
      expect(report.directional.relativeError).toBeLessThan(1e-2);
    }
    await backend.dispose();
  });

  it('at the first convolution of a Sequential model', async () => {
    await useBackend('cpu');
    const backend = await createTfjsBackend(sequentialModel());
    const report = await finiteDifferenceCheck(backend, randomInput([2, 10, 10, 2], 9), 'c1', {
      kind: 'weights',
      weights: [1, -1, 0.5, 0],
    });
    expect(report.gradientScale).toBeGreaterThan(0);
    expect(report.entries - report.kinks).toBeGreaterThanOrEqual(report.entries / 2);
    expect(report.failures).toBe(0);
    expect(report.directional.relativeError).toBeLessThan(1e-2);
    await backend.dispose();
  });
});

describe('LayersModel on wasm', () => {
  it('gives the gradients of cpu at every kind of layer', async () => {
    const input = randomInput([2, 12, 12, 3], 3);
    const results: Record<string, Float32Array[]> = {};
    for (const name of ['cpu', 'wasm'] as const) {
      await useBackend(name);
      const backend = await createTfjsBackend(branchedModel());
      expect(backend.name).toBe(`tfjs-${name}`);
      for (const layer of ['stem', 'block/dw', 'sep']) {
        const result = await backend.forwardWithGradient({ input, layer, target: { kind: 'top' } });
        (results[layer] ??= []).push(result.gradients.data);
      }
      await backend.dispose();
    }
    for (const [cpu, wasm] of Object.values(results)) {
      const scale = cpu!.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
      expect(maxDifference(cpu!, wasm!)).toBeLessThan(1e-4 * scale + 1e-7);
    }
  });
});
