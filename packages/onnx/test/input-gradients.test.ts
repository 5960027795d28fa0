import { readFileSync } from 'node:fs';
import { explain, readNpyFloat32, type SpatialTensor } from '@gradcam/core';
import { inputGradientFiniteDifferences } from '@gradcam/core/testing';
import { biasnetReference, models, smallcnnExtraReference, smallcnnReference } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelGraph } from '../src/graph/model-graph.js';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';
import { readModel } from '../src/proto/read-model.js';
import { checkInputGradient } from './helpers/activation-finite-differences.js';
import { buildModel } from './helpers/build-model.js';
import { compareArrays } from './helpers/compare.js';
import { randomConstant, randomValues } from './helpers/single-op.js';

const reference = (name: string) => readNpyFloat32(readFileSync(smallcnnReference(name)));
const extra = (name: string) => readNpyFloat32(readFileSync(smallcnnExtraReference(`${name}.npy`)));

describe('input gradients on smallcnn (max pooling, strided convolution)', () => {
  let backend: OnnxBackend;
  const input: SpatialTensor = {
    data: reference('input').data,
    shape: [1, 3, 224, 224],
    layout: 'nchw',
  };
  beforeAll(async () => {
    backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.smallcnn) });
  });
  afterAll(() => backend.dispose());

  it("gives pytorch-grad-cam's guided backpropagation to 1e-4 of its peak", async () => {
    const result = await backend.forwardWithInputGradient({
      input,
      target: { kind: 'class', index: 4 },
      guided: true,
    });
    expect(result.gradients.shape).toEqual([1, 3, 224, 224]);
    expect(result.classIndices).toEqual([4]);
    const guided = compareArrays(result.gradients.data, extra('guided_backprop').data);
    const plain = await backend.forwardWithInputGradient({ input, target: { kind: 'class', index: 4 } });
    const unguided = compareArrays(plain.gradients.data, extra('guided_backprop').data);
    console.info(
      `[smallcnn] guided backprop max |difference| ${guided.maxAbs.toExponential(2)} (relative to peak ` +
        `${guided.relative.toExponential(2)}); the plain gradient differs from it by ${unguided.relative.toExponential(2)}`,
    );
    expect(guided.relative).toBeLessThan(1e-4);
    // The guided rule matters on this model: the exact gradient is far from the reference.
    expect(unguided.relative).toBeGreaterThan(0.05);
    expect(compareArrays(result.scores.data, reference('logits').data).relative).toBeLessThan(1e-4);
  });

  it("explain() gives pytorch-grad-cam's guided backpropagation and Guided Grad-CAM to 1e-4 of their peaks", async () => {
    const target = { kind: 'class', index: 4 } as const;
    const layer = '/features/features.7/Relu_output_0';
    const guided = await explain({ backend, input, target, method: 'guided-backprop' });
    const product = await explain({ backend, input, target, method: 'guided-gradcam', layer });
    const backprop = compareArrays(guided.samples[0]!.attributions!.data, extra('guided_backprop').data);
    const guidedGradcam = compareArrays(product.samples[0]!.attributions!.data, extra('guided_gradcam').data);
    console.info(
      `[smallcnn] explain(): guided-backprop ${backprop.relative.toExponential(2)}, guided-gradcam ` +
        `${guidedGradcam.relative.toExponential(2)} of the reference's peak`,
    );
    expect(backprop.relative).toBeLessThan(1e-4);
    expect(guidedGradcam.relative).toBeLessThan(1e-4);
    expect(product.layers).toEqual([layer]);
  });

  it("explain() gives pytorch-grad-cam's FullGrad map (all four convolutions listed; their biases are zero here)", async () => {
    const biases = await backend.layerBiases();
    expect(biases.map((entry) => entry.layer)).toEqual(
      [0, 3, 6, 8].map((i) => `/features/features.${i}/Conv_output_0`),
    );
    const explanation = await explain({
      backend,
      input,
      target: { kind: 'class', index: 4 },
      method: 'fullgrad',
    });
    const map = compareArrays(explanation.samples[0]!.map.data, extra('fullgrad_cam').data);
    console.info(`[smallcnn] explain(): fullgrad map max |difference| ${map.maxAbs.toExponential(2)}`);
    expect(map.maxAbs).toBeLessThan(1e-4);
  });

  it('the exact input gradient agrees with float64 finite differences of the model', async () => {
    const graph = new ModelGraph(readModel(readFileSync(models.smallcnn)));
    const score = graph.model.graph!.output![0]!.name!;
    const check = await checkInputGradient(backend, graph, score, input, 4, {
      strongest: 6,
      random: 6,
      directions: 1,
    });
    console.info(
      `[smallcnn] input gradient vs float64 finite differences: ${check.coordinates} coordinates, ` +
        `${check.coordinateError.toExponential(2)} of the peak; directional ${check.directionalError.toExponential(2)}`,
    );
    expect(check.coordinateError).toBeLessThan(1e-4);
    expect(check.directionalError).toBeLessThan(1e-4);
  });
});

describe('FullGrad against pytorch-grad-cam on a CNN with convolution and batch-normalisation biases', () => {
  it('lists the biased layers with their biases and gives the reference map to 1e-4', async () => {
    const backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.biasnet) });
    try {
      const biases = await backend.layerBiases();
      // features.4 is a convolution without a bias: its batch normalisation carries one.
      expect(biases.map((entry) => entry.layer)).toEqual([
        '/features/features.0/Conv_output_0',
        '/features/features.1/BatchNormalization_output_0',
        '/features/features.5/BatchNormalization_output_0',
        '/features/features.7/Conv_output_0',
      ]);
      const input: SpatialTensor = {
        data: readNpyFloat32(readFileSync(biasnetReference('input'))).data,
        shape: [1, 3, 16, 16],
        layout: 'nchw',
      };
      const explanation = await explain({
        backend,
        input,
        target: { kind: 'class', index: 2 },
        method: 'fullgrad',
      });
      const map = compareArrays(
        explanation.samples[0]!.map.data,
        readNpyFloat32(readFileSync(biasnetReference('fullgrad_cam'))).data,
      );
      console.info(`[biasnet] fullgrad map max |difference| ${map.maxAbs.toExponential(2)}`);
      expect(map.maxAbs).toBeLessThan(1e-4);
      // Without the bias terms (a backend listing no biased layer) the map is far from the reference.
      const inputOnly = await explain({
        backend: Object.assign(Object.create(backend) as OnnxBackend, { layerBiases: async () => [] }),
        input,
        target: { kind: 'class', index: 2 },
        method: 'fullgrad',
      });
      expect(
        compareArrays(inputOnly.samples[0]!.map.data, explanation.samples[0]!.map.data).maxAbs,
      ).toBeGreaterThan(0.05);
    } finally {
      await backend.dispose();
    }
  });
});

describe('input gradients through a depthwise, a strided and a grouped convolution and max pooling', () => {
  // [1,4,9,9] → depthwise 3x3 (group 4) → Tanh → Conv 3x3 stride 2 → Relu → MaxPool 2x2 → GAP → Gemm → 3 scores.
  const model = buildModel({
    inputs: [{ name: 'image', shape: ['N', 4, 9, 9] }],
    outputs: ['scores'],
    initializers: [
      randomConstant('dw_w', [4, 1, 3, 3], 11, 0.8),
      randomConstant('dw_b', [4], 12, 0.1),
      randomConstant('s2_w', [6, 2, 3, 3], 13, 0.5),
      randomConstant('s2_b', [6], 14, 0.1),
      randomConstant('fc_w', [3, 6], 15, 1),
      randomConstant('fc_b', [3], 16, 0.1),
    ],
    nodes: [
      {
        op: 'Conv',
        inputs: ['image', 'dw_w', 'dw_b'],
        outputs: ['dw'],
        attributes: { group: 4, pads: [1, 1, 1, 1] },
      },
      { op: 'Tanh', inputs: ['dw'], outputs: ['dw_act'] },
      // Grouped (2 groups of 2 input channels), stride 2, no padding: 9x9 → 4x4.
      {
        op: 'Conv',
        inputs: ['dw_act', 's2_w', 's2_b'],
        outputs: ['s2'],
        attributes: { group: 2, strides: [2, 2] },
      },
      { op: 'Relu', inputs: ['s2'], outputs: ['s2_act'] },
      {
        op: 'MaxPool',
        inputs: ['s2_act'],
        outputs: ['pooled'],
        attributes: { kernel_shape: [2, 2], strides: [2, 2] },
      },
      { op: 'GlobalAveragePool', inputs: ['pooled'], outputs: ['gap'] },
      { op: 'Flatten', inputs: ['gap'], outputs: ['flat'] },
      { op: 'Gemm', inputs: ['flat', 'fc_w', 'fc_b'], outputs: ['scores'], attributes: { transB: 1 } },
    ],
  });

  for (const target of [
    { kind: 'class', index: 1 } as const,
    { kind: 'weights', weights: [0.5, -1, 2] } as const,
  ]) {
    it(`agrees with finite differences (${target.kind})`, async () => {
      const backend = await createOnnxBackend({ ort, model });
      try {
        const input: SpatialTensor = {
          data: randomValues(4 * 81, 21, 2),
          shape: [1, 4, 9, 9],
          layout: 'nchw',
        };
        const report = await inputGradientFiniteDifferences(backend, input, target, { eps: 1e-2, count: 60 });
        console.info(
          `[depthwise/strided/max-pool] ${report.checked} entries, max relative error ` +
            `${report.maxRelativeError.toExponential(2)} (${report.kinks} kinks); directional ` +
            `${report.directional.relativeError.toExponential(2)}, peak ${report.peak.toExponential(2)}`,
        );
        expect(report.checked).toBeGreaterThanOrEqual(40);
        expect(report.maxRelativeError).toBeLessThan(5e-3);
        expect(report.directional.relativeError).toBeLessThan(5e-3);
      } finally {
        await backend.dispose();
      }
    });
  }
});
