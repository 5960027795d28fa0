import { type Explanation, explain, toLayout } from '@gradcam/core';
import { createTfjsBackend, type TfjsBackend } from '@gradcam/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cifarImages,
  loadCifar10,
  maxAbs,
  maxAbsDifference,
  noiseImages,
} from '../src/export/__fixtures__/cifar10.js';
import { layersModelToOnnx } from '../src/export/layers-model-to-onnx.js';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';

// The same network explained by both adapters: the tfjs LayersModel, and its ONNX export on ONNX Runtime.
describe('the CIFAR-10 model explained with @gradcam/tfjs and, exported, with @gradcam/onnx', () => {
  let tfjs: TfjsBackend;
  let onnx: OnnxBackend;
  const photos = cifarImages(['airplane', 'cat', 'horse', 'truck']);
  const noise = noiseImages(2, 11);
  const data = new Float32Array([...photos.data, ...noise.data]);
  const nhwc = { data, shape: [6, 32, 32, 3] as [number, number, number, number], layout: 'nhwc' as const };
  const nchw = toLayout(nhwc, 'nchw');

  beforeAll(async () => {
    const { artifacts, model } = await loadCifar10();
    tfjs = await createTfjsBackend(model);
    onnx = await createOnnxBackend({ ort, model: layersModelToOnnx(artifacts, { inputLayout: 'nchw' }) });
  });
  afterAll(() => {
    tfjs?.dispose();
    onnx?.dispose();
  });

  it('offers the Keras layer names on both', async () => {
    const tfjsLayers = (await tfjs.listLayers()).map((layer) => layer.name);
    const onnxLayers = (await onnx.listLayers()).map((layer) => layer.name);
    for (const layer of [
      'prep_relu',
      'layer1_relu',
      'res1a_relu',
      'res1_add',
      'layer3_relu',
      'res3b_relu',
      'res3_add',
    ]) {
      expect(tfjsLayers).toContain(layer);
      expect(onnxLayers).toContain(layer);
    }
  });

  for (const [layer, what] of [
    ['res3b_relu', 'the last convolution ReLU (4x4)'],
    ['res3_add', 'the last spatial layer (4x4)'],
    ['layer2_relu', 'a middle ReLU (16x16)'],
    ['res1a_relu', 'an early ReLU in the first residual block (16x16)'],
    ['prep_relu', 'the first ReLU (32x32)'],
  ] as const) {
    for (const method of ['gradcam', 'gradcam++'] as const) {
      it(`${method} maps at ${layer}, ${what}, agree within 1e-4`, async () => {
        const fromTfjs = await explain({ backend: tfjs, input: nhwc, layer, method });
        const fromOnnx = await explain({ backend: onnx, input: nchw, layer, method });
        const difference = compare(fromTfjs, fromOnnx);
        console.info(
          `[tfjs vs exported onnx] ${method} at ${layer}: max |map difference| ${difference.map.toExponential(2)}, ` +
            `coarse ${difference.coarse.toExponential(2)} (relative), logits ${difference.scores.toExponential(2)}`,
        );
        expect(fromOnnx.samples.map((sample) => sample.classIndex)).toEqual(
          fromTfjs.samples.map((sample) => sample.classIndex),
        );
        expect(difference.scores).toBeLessThanOrEqual(1e-5);
        expect(difference.map).toBeLessThanOrEqual(1e-4);
      });
    }
  }

  it('FullGrad maps agree within 1e-4 (the same biased layers on both)', async () => {
    const tfjsBiases = (await tfjs.layerBiases!()).map((entry) => entry.layer);
    const onnxBiases = await onnx.layerBiases();
    expect(onnxBiases.map((entry) => entry.layer)).toEqual(tfjsBiases);
    const fromTfjs = await explain({ backend: tfjs, input: nhwc, method: 'fullgrad' });
    const fromOnnx = await explain({ backend: onnx, input: nchw, method: 'fullgrad' });
    const difference = Math.max(
      ...fromTfjs.samples.map((sample, index) =>
        maxAbsDifference(sample.map.data, fromOnnx.samples[index]!.map.data),
      ),
    );
    console.info(
      `[tfjs vs exported onnx] fullgrad over ${tfjsBiases.length} biased layers: max |map difference| ` +
        `${difference.toExponential(2)}`,
    );
    expect(fromOnnx.samples.map((sample) => sample.classIndex)).toEqual(
      fromTfjs.samples.map((sample) => sample.classIndex),
    );
    expect(tfjsBiases.length).toBeGreaterThan(3);
    expect(difference).toBeLessThanOrEqual(1e-4);
  });

  for (const guided of [false, true]) {
    it(`${guided ? 'guided' : 'exact'} input gradients agree within 1e-4 of their peak`, async () => {
      const target = { kind: 'top' } as const;
      const fromTfjs = await tfjs.forwardWithInputGradient({ input: nhwc, target, guided });
      const fromOnnx = await onnx.forwardWithInputGradient({ input: nchw, target, guided });
      expect(fromOnnx.classIndices).toEqual(fromTfjs.classIndices);
      const a = toLayout(fromTfjs.gradients, 'nchw').data;
      const b = fromOnnx.gradients.data;
      const relative = maxAbsDifference(a, b) / maxAbs(b);
      console.info(
        `[tfjs vs exported onnx] ${guided ? 'guided' : 'exact'} input gradients: max |difference| ` +
          `${relative.toExponential(2)} of the peak`,
      );
      expect(maxAbs(b)).toBeGreaterThan(0);
      expect(relative).toBeLessThanOrEqual(1e-4);
    });
  }
});

function compare(a: Explanation, b: Explanation): { map: number; coarse: number; scores: number } {
  let map = 0;
  let coarse = 0;
  let scores = 0;
  a.samples.forEach((sample, index) => {
    const other = b.samples[index]!;
    expect([other.map.width, other.map.height]).toEqual([32, 32]);
    expect([other.layerMaps[0]!.coarse.width, other.layerMaps[0]!.coarse.height]).toEqual([
      sample.layerMaps[0]!.coarse.width,
      sample.layerMaps[0]!.coarse.height,
    ]);
    map = Math.max(map, maxAbsDifference(sample.map.data, other.map.data));
    coarse = Math.max(
      coarse,
      maxAbsDifference(sample.layerMaps[0]!.coarse.data, other.layerMaps[0]!.coarse.data) /
        Math.max(maxAbs(sample.layerMaps[0]!.coarse.data), 1e-12),
    );
    scores = Math.max(scores, maxAbsDifference(sample.scores, other.scores));
  });
  return { map, coarse, scores };
}
