import { readFileSync } from 'node:fs';
import { chooseLayer, explain } from '@gradcam/core';
import { seededRandom } from '@gradcam/core/testing';
import { models } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelGraph } from '../src/graph/model-graph.js';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';
import { readModel } from '../src/proto/read-model.js';
import { checkActivationGradient } from './helpers/activation-finite-differences.js';

/**
 * A 28x28 "7": a bar across the top and a diagonal stroke, values 0..255 as the model takes them, plus a little
 * noise so that no two pixels (and no two activations of a max-pool window) tie.
 */
function seven(): Float32Array {
  const random = seededRandom(28);
  const image = Float32Array.from({ length: 28 * 28 }, () => 8 + 8 * random());
  for (let x = 6; x < 22; x++) for (let y = 5; y < 8; y++) image[y * 28 + x] = 255;
  for (let y = 8; y < 24; y++) {
    const x = Math.round(21 - (y - 8) * 0.55);
    for (let dx = -1; dx <= 1; dx++) image[y * 28 + x + dx] = 255;
  }
  return image;
}

describe('MNIST (opset 7, CNTK export: Conv SAME_UPPER, Add, Relu, MaxPool, Reshape, MatMul)', () => {
  let backend: OnnxBackend;
  const input = {
    data: seven(),
    shape: [1, 1, 28, 28] as [number, number, number, number],
    layout: 'nchw' as const,
  };
  const graph = new ModelGraph(readModel(readFileSync(models.mnist)));

  beforeAll(async () => {
    backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.mnist) });
  });
  afterAll(() => backend.dispose());

  it('has a fixed batch of 1, declared as maxBatchSize', async () => {
    expect(backend.input.shape).toEqual([1, 1, 28, 28]);
    expect(backend.capabilities.maxBatchSize).toBe(1);
    expect(chooseLayer(await backend.listLayers())?.name).toBe('Pooling160_Output_0');
  });

  it('recognises the 7 and explains it', async () => {
    const explanation = await explain({ backend, input });
    expect(explanation.samples[0]!.classIndex).toBe(7);
    expect(explanation.warnings).toEqual([]);
    const { data } = explanation.samples[0]!.map;
    expect(data.every((value) => value >= 0 && value <= 1)).toBe(true);
    expect(Math.max(...data)).toBeCloseTo(1, 5);
    expect(Math.min(...data)).toBe(0);
  });

  // Plus30 is the first convolution's output before its ReLU: the backward pass goes through Relu, MaxPool 2x2,
  // Conv (SAME_UPPER), Add (broadcast bias), Relu, MaxPool 3x3 / 3 (a row and column uncovered), Reshape,
  // MatMul and Add.
  for (const layer of ['Pooling160_Output_0', 'Plus30_Output_0']) {
    it(`gradient at "${layer}" matches float64 finite differences`, async () => {
      const check = await checkActivationGradient(backend, graph, 'Plus214_Output_0', input, layer, 7);
      console.info(
        `[mnist] layer ${layer}: ${check.coordinates} coordinates ${check.coordinateError.toExponential(2)}, directional ${check.directionalError.toExponential(2)} (relative)`,
      );
      expect(check.coordinateError).toBeLessThan(1e-3);
      expect(check.directionalError).toBeLessThan(1e-3);
    });
  }
});
