import { readFileSync } from 'node:fs';
import { chooseLayer, explain, requireSpatial } from '@gradcam/core';
import { seededRandom } from '@gradcam/core/testing';
import { models } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelGraph } from '../src/graph/model-graph.js';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';
import { readModel } from '../src/proto/read-model.js';
import { checkActivationGradient } from './helpers/activation-finite-differences.js';

describe('CIFAR-10 CNN (opset 10: Conv, Relu, MaxPool, Reshape, Gemm)', () => {
  let backend: OnnxBackend;
  const random = seededRandom(10);
  const input = {
    data: Float32Array.from({ length: 2 * 3 * 32 * 32 }, () => random()),
    shape: [2, 3, 32, 32] as [number, number, number, number],
    layout: 'nchw' as const,
  };

  const graph = new ModelGraph(readModel(readFileSync(models.cifar10)));

  beforeAll(async () => {
    backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.cifar10) });
  });
  afterAll(() => backend.dispose());

  it('lists its layers and picks the last convolutional ReLU', async () => {
    const layers = await backend.listLayers();
    expect(layers.map((layer) => layer.kind)).toEqual([
      'Conv',
      'Relu',
      'Conv',
      'Relu',
      'MaxPool',
      'Conv',
      'Relu',
      'Conv',
      'Relu',
    ]);
    expect(chooseLayer(layers)?.name).toBe('43');
    expect(backend.numClasses).toBe(10);
    expect(backend.notes).toEqual([]);
  });

  for (const [layer, what] of [
    ['43', 'the last conv tensor (head: Reshape, Gemm)'],
    ['33', 'the first ReLU (back through Conv, Relu, MaxPool, Conv, Relu, Conv, Relu, Reshape, Gemm)'],
  ] as const) {
    it(`gradient at "${layer}", ${what}, matches finite differences on the activation`, async () => {
      const check = await checkActivationGradient(backend, graph, 'modelOutput', input, layer, 3);
      console.info(
        `[cifar10] layer ${layer}: float64 finite differences: ${check.coordinates} coordinates ${check.coordinateError.toExponential(2)}, directional ${check.directionalError.toExponential(2)} (relative)`,
      );
      expect(check.coordinateError).toBeLessThan(1e-3);
      expect(check.directionalError).toBeLessThan(1e-3);
    });
  }

  it('explains a batch of two with the automatic layer', async () => {
    const explanation = await explain({ backend, input });
    expect(explanation.layers).toEqual(['43']);
    expect(explanation.samples).toHaveLength(2);
    // Grad-CAM before its ReLU, from the backend's own (finite-difference checked) gradient: sum_c mean(dY/dA_c)
    // * A_c. On noise a sample's map can be <= 0 everywhere: then it must come out all zero, with a warning.
    const pass = await backend.forwardWithGradient({ input, layer: '43', target: { kind: 'top' } });
    const [, channels, height, width] = requireSpatial(pass.activations, 'activations').shape;
    const area = height * width;
    const zero = [0, 1].map((n) => {
      const weights = Array.from({ length: channels }, (_, c) => {
        let sum = 0;
        for (let pixel = 0; pixel < area; pixel++)
          sum += pass.gradients.data[(n * channels + c) * area + pixel]!;
        return sum / area;
      });
      for (let pixel = 0; pixel < area; pixel++) {
        let value = 0;
        for (let c = 0; c < channels; c++)
          value += weights[c]! * pass.activations.data[(n * channels + c) * area + pixel]!;
        if (value > 0) return false;
      }
      return true;
    });
    // Measured on this input: sample 0's map is zero everywhere, sample 1's is not.
    expect(zero).toEqual([true, false]);
    expect(explanation.warnings.map(({ code, sample }) => [code, sample])).toEqual([['all-zero-map', 0]]);
    explanation.samples.forEach((sample, n) => {
      expect(sample.map.width).toBe(32);
      expect(sample.map.height).toBe(32);
      expect(sample.map.data.every((value) => value >= 0 && value <= 1)).toBe(true);
      expect(Math.max(...sample.map.data)).toBeCloseTo(zero[n] ? 0 : 1, 5);
      expect(Math.min(...sample.map.data)).toBe(0);
    });
  });
});
