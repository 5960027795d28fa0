import {
  BackendDisposedError,
  CapabilityNotSupportedError,
  explain,
  GradientNotSupportedError,
  ShapeMismatchError,
  UnknownLayerError,
} from '@gradcam/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createOnnxBackend, type OnnxBackend, supportedGradientOperators } from '../src/index.js';
import { buildModel, float, type ModelSpec } from './helpers/build-model.js';
import { randomConstant, randomValues } from './helpers/single-op.js';

/** input → conv → relu ─┬→ conv → add(skip) → relu → GAP → flatten → gemm → softmax. */
const residual: ModelSpec = {
  opset: 13,
  inputs: [{ name: 'image', shape: ['N', 2, 5, 5] }],
  outputs: ['probabilities'],
  initializers: [
    randomConstant('w1', [3, 2, 3, 3], 1),
    randomConstant('w2', [3, 3, 3, 3], 2),
    randomConstant('dense', [4, 3], 3),
    randomConstant('bias', [4], 4),
  ],
  nodes: [
    {
      op: 'Conv',
      inputs: ['image', 'w1'],
      outputs: ['c1'],
      attributes: { pads: [1, 1, 1, 1] },
      name: 'conv1',
    },
    { op: 'Relu', inputs: ['c1'], outputs: ['r1'], name: 'relu1' },
    { op: 'Conv', inputs: ['r1', 'w2'], outputs: ['c2'], attributes: { pads: [1, 1, 1, 1] }, name: 'conv2' },
    { op: 'Add', inputs: ['c2', 'r1'], outputs: ['sum'], name: 'add' },
    { op: 'Relu', inputs: ['sum'], outputs: ['r2'], name: 'relu2' },
    { op: 'GlobalAveragePool', inputs: ['r2'], outputs: ['pool'] },
    { op: 'Flatten', inputs: ['pool'], outputs: ['flat'] },
    {
      op: 'Gemm',
      inputs: ['flat', 'dense', 'bias'],
      outputs: ['logits'],
      attributes: { transB: 1, alpha: float(1) },
    },
    { op: 'Softmax', inputs: ['logits'], outputs: ['probabilities'], name: 'softmax' },
  ],
};
const input = {
  data: randomValues(2 * 2 * 5 * 5, 9),
  shape: [2, 2, 5, 5] as [number, number, number, number],
  layout: 'nchw' as const,
};

describe('createOnnxBackend on a residual model ending in Softmax', () => {
  it('explains the logits by default and says so; the probabilities when asked', async () => {
    const backend = await createOnnxBackend({ ort, model: buildModel(residual) });
    expect(backend.notes).toHaveLength(1);
    expect(backend.notes[0]).toMatch(/Softmax \(node "softmax"\).*"logits".*output: 'probabilities'/);
    const logits = await backend.forwardWithGradient({
      input,
      layer: 'r2',
      target: { kind: 'class', index: 1 },
    });
    const probabilities = await createOnnxBackend({
      ort,
      model: buildModel(residual),
      output: 'probabilities',
    });
    expect(probabilities.notes).toEqual([]);
    const result = await probabilities.forwardWithGradient({
      input,
      layer: 'r2',
      target: { kind: 'class', index: 1 },
    });
    for (let n = 0; n < 2; n++) {
      const row = result.scores.data.subarray(n * 4, n * 4 + 4);
      expect(row.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 5);
    }
    // d softmax_1 / d r2 = p_1 * (d logit_1 - sum_k p_k d logit_k), per sample, from the logit gradients.
    const logitGradients = await Promise.all(
      [0, 1, 2, 3].map((index) =>
        backend.forwardWithGradient({ input, layer: 'r2', target: { kind: 'class', index } }),
      ),
    );
    const size = result.gradients.data.length / 2;
    let worst = 0;
    let peak = 0;
    for (let n = 0; n < 2; n++) {
      const row = logits.scores.data.subarray(n * 4, n * 4 + 4);
      const top = Math.max(...row);
      const total = row.reduce((sum, value) => sum + Math.exp(value - top), 0);
      const p = Array.from(row, (value) => Math.exp(value - top) / total);
      p.forEach((value, k) => expect(result.scores.data[n * 4 + k]).toBeCloseTo(value, 6));
      for (let index = n * size; index < (n + 1) * size; index++) {
        const mixed = p.reduce((sum, pk, k) => sum + pk * logitGradients[k]!.gradients.data[index]!, 0);
        const expected = p[1]! * (logitGradients[1]!.gradients.data[index]! - mixed);
        worst = Math.max(worst, Math.abs(result.gradients.data[index]! - expected));
        peak = Math.max(peak, Math.abs(expected));
      }
    }
    expect(peak).toBeGreaterThan(0);
    expect(worst / peak).toBeLessThan(1e-5);
    await backend.dispose();
    await probabilities.dispose();
  });

  it('names layers by tensor or node, lists them in order, rejects unknown and non-4-D ones', async () => {
    const backend = await createOnnxBackend({ ort, model: buildModel(residual) });
    const layers = await backend.listLayers();
    expect(layers.map((layer) => layer.name)).toEqual(['c1', 'r1', 'c2', 'sum', 'r2', 'pool']);
    const byNode = await backend.forwardWithGradient({ input, layer: 'relu2', target: { kind: 'top' } });
    const byTensor = await backend.forwardWithGradient({ input, layer: 'r2', target: { kind: 'top' } });
    expect(byNode.gradients.data).toEqual(byTensor.gradients.data);
    await expect(
      backend.forwardWithGradient({ input, layer: 'nope', target: { kind: 'top' } }),
    ).rejects.toSatisfy(UnknownLayerError.isInstance);
    await expect(
      backend.forwardWithGradient({ input, layer: 'flat', target: { kind: 'top' } }),
    ).rejects.toSatisfy(ShapeMismatchError.isInstance);
    await backend.dispose();
  });

  it('forward() returns several layers at once, each in its own buffer', async () => {
    const backend = await createOnnxBackend({ ort, model: buildModel(residual) });
    const result = await backend.forward({ input, layers: ['r1', 'relu1', 'r2'] });
    expect(Object.keys(result.activations)).toEqual(['r1', 'relu1', 'r2']);
    expect(result.activations.r1!.data).toEqual(result.activations.relu1!.data);
    expect(result.activations.r1!.data.buffer).not.toBe(result.activations.relu1!.data.buffer);
    const gradient = await backend.forwardWithGradient({ input, layer: 'r2', target: { kind: 'top' } });
    expect(result.scores.data).toEqual(gradient.scores.data);
    expect(result.activations.r2!.data).toEqual(gradient.activations.data);
    await backend.dispose();
  });

  it('headFromActivations works after the skip connection and refuses before it', async () => {
    const backend = await createOnnxBackend({ ort, model: buildModel(residual) });
    const forward = await backend.forward({ input, layers: ['r2', 'r1', 'c2'] });
    const head = await backend.headFromActivations({ layer: 'r2', activations: forward.activations.r2! });
    expect(head.data).toEqual(forward.scores.data);
    const fromR1 = await backend.headFromActivations({ layer: 'r1', activations: forward.activations.r1! });
    for (let index = 0; index < fromR1.data.length; index++) {
      expect(fromR1.data[index]).toBeCloseTo(forward.scores.data[index]!, 5);
    }
    const error = await backend
      .headFromActivations({ layer: 'c2', activations: forward.activations.c2! })
      .catch((caught: unknown) => caught);
    expect(CapabilityNotSupportedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/also reads "r1".*skip connection/);
    // With the input, the whole model runs with the layer's output replaced: its own activations give its scores.
    const withInput = await backend.headFromActivations({
      layer: 'c2',
      activations: forward.activations.c2!,
      input,
    });
    for (let index = 0; index < withInput.data.length; index++) {
      expect(withInput.data[index]).toBeCloseTo(forward.scores.data[index]!, 5);
    }
    await backend.dispose();
  });

  it('rejects calls after dispose()', async () => {
    const backend = await createOnnxBackend({ ort, model: buildModel(residual) });
    await backend.dispose();
    await expect(
      backend.forwardWithGradient({ input, layer: 'r2', target: { kind: 'top' } }),
    ).rejects.toSatisfy(BackendDisposedError.isInstance);
  });
});

describe('models the backward pass cannot go through', () => {
  const withSine: ModelSpec = {
    ...residual,
    nodes: residual.nodes.map((node) =>
      node.name === 'relu2' ? { ...node, op: 'Sin', name: 'sine' } : node,
    ),
  };

  it('gradients at a layer before an unsupported operator fail with GradientNotSupportedError; forward still works', async () => {
    const backend = await createOnnxBackend({ ort, model: buildModel(withSine) });
    const error = await backend
      .forwardWithGradient({ input, layer: 'r1', target: { kind: 'top' } })
      .catch((caught: unknown) => caught);
    expect(GradientNotSupportedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ operation: 'Sin', node: 'sine' });
    expect((await backend.forward({ input, layers: ['r1'] })).scores.data.length).toBe(8);
    // After the unsupported operator, gradients work.
    const after = await explain({ backend, input, layer: 'r2' });
    expect(after.samples).toHaveLength(2);
    await backend.dispose();
  });

  it('lists the supported operators', () => {
    expect(supportedGradientOperators()).toEqual(
      expect.arrayContaining([
        'Conv',
        'Gemm',
        'MaxPool',
        'BatchNormalization',
        'Softmax',
        'Cast',
        'HardSwish',
      ]),
    );
  });
});

describe('inputs of free size', () => {
  const free: ModelSpec = {
    opset: 13,
    inputs: [{ name: 'x', shape: ['N', 1, 'H', 'W'] }],
    outputs: ['y'],
    initializers: [randomConstant('w', [2, 1, 3, 3], 5)],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'], attributes: { pads: [1, 1, 1, 1] } },
      { op: 'GlobalAveragePool', inputs: ['c'], outputs: ['p'] },
      { op: 'Flatten', inputs: ['p'], outputs: ['y'] },
    ],
  };

  it('need inputShape, then work at that size', async () => {
    const error = await createOnnxBackend({ ort, model: buildModel(free) }).catch(
      (caught: unknown) => caught,
    );
    expect(CapabilityNotSupportedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/inputShape/);
    const backend = await createOnnxBackend({ ort, model: buildModel(free), inputShape: [null, 1, 6, 7] });
    expect(backend.input.shape).toEqual([null, 1, 6, 7]);
    const result = await backend.forwardWithGradient({
      input: { data: randomValues(42, 6), shape: [1, 1, 6, 7], layout: 'nchw' },
      layer: 'c',
      target: { kind: 'class', index: 0 },
    });
    // Score 0 is the mean of channel 0 over the 6x7 positions.
    expect(result.gradients.shape).toEqual([1, 2, 6, 7]);
    const gradient = Array.from(result.gradients.data);
    expect(gradient.slice(0, 42).every((value) => Math.abs(value - 1 / 42) < 1e-7)).toBe(true);
    expect(gradient.slice(42).every((value) => value === 0)).toBe(true);
    await backend.dispose();
  });
});

describe('OnnxBackend lifetime', () => {
  it('is released at the end of an `await using` block', async () => {
    let escaped: OnnxBackend | undefined;
    {
      await using backend = await createOnnxBackend({ ort, model: buildModel(residual) });
      escaped = backend;
      expect((await backend.forward({ input })).scores.shape).toEqual([2, 4]);
    }
    expect(escaped[Symbol.asyncDispose ?? Symbol.for('Symbol.asyncDispose')]).toBeTypeOf('function');
    await expect(escaped.forward({ input })).rejects.toSatisfy(BackendDisposedError.isInstance);
    expect(escaped.countLiveTensors()).toBe(0);
  });
});
