import { readFileSync } from 'node:fs';
import {
  type CamMethodName,
  camMethodNames,
  camMethods,
  explain,
  minMaxNormalize,
  readNpyFloat32,
} from '@gradcam/core';
import { conformanceInput, conformanceModel, referenceBackend } from '@gradcam/core/testing';
import { models, smallcnnReference } from '@gradcam/fixtures';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';
import { conformanceOnnx } from './helpers/conformance-onnx.js';

const reference = (name: string) => readNpyFloat32(readFileSync(smallcnnReference(name)));
/**
 * The methods that weight whole channels (and so return `channelWeights`); the others weight every activation
 * (HiRes-CAM, Layer-CAM, element-wise Grad-CAM) or project them (Eigen-CAM, Eigen-Grad-CAM) and return none.
 */
const channelWeightMethods: ReadonlySet<CamMethodName> = new Set([
  'gradcam',
  'gradcam++',
  'xgradcam',
  'scorecam',
  'ablationcam',
  'fast-scorecam',
  'finercam',
  'fem',
  'shapleycam',
  'randomcam',
]);
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let index = 0; index < a.length; index++) worst = Math.max(worst, Math.abs(a[index]! - b[index]!));
  return worst;
};

// pytorch-grad-cam 1.5.5 on the small CNN (layer features.7, class 4), end to end through ONNX Runtime: the
// gradient methods to 1e-4, Score-CAM and Ablation-CAM (many forward passes) to 1e-3.
describe('every method of the anchor library on smallcnn through onnxruntime-node', () => {
  let backend: OnnxBackend;
  const { data, shape } = reference('input');
  const input = { data, shape: shape as [number, number, number, number], layout: 'nchw' as const };
  beforeAll(async () => {
    backend = await createOnnxBackend({ ort: ortNode, model: await readOnnxModel(models.smallcnn) });
  });
  afterAll(() => backend.dispose());

  const methods: [CamMethodName, number][] = [
    ['gradcam', 1e-4],
    ['gradcam++', 1e-4],
    ['xgradcam', 1e-4],
    ['hirescam', 1e-4],
    ['layercam', 1e-4],
    ['eigencam', 1e-4],
    ['scorecam', 1e-3],
    ['ablationcam', 1e-3],
  ];
  it.each(methods)('%s: weights, coarse map and final map', async (method, tolerance) => {
    const explanation = await explain({
      backend,
      input,
      layer: '/features/features.7/Relu_output_0',
      method,
      target: { kind: 'class', index: 4 },
    });
    const sample = explanation.samples[0]!;
    if (channelWeightMethods.has(method)) {
      expect(sample.layerMaps[0]!.channelWeights).toBeInstanceOf(Float32Array);
      const weights = reference(`${method}_weights`).data;
      const scale = Math.max(...weights.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      expect(maxAbs(sample.layerMaps[0]!.channelWeights!, weights) / scale).toBeLessThan(tolerance);
    } else {
      expect(sample.layerMaps[0]!.channelWeights).toBeUndefined();
    }
    // Eigen-CAM: our sign convention agrees with the anchor's result on this input (see core's tests).
    expect(
      maxAbs(minMaxNormalize(sample.layerMaps[0]!.coarse).data, reference(`${method}_coarse`).data),
    ).toBeLessThan(tolerance);
    expect(maxAbs(sample.map.data, reference(`${method}_cam`).data)).toBeLessThan(tolerance);
  });
});

// Every method through each runtime gives the maps of the pure-TypeScript reference backend on the same model.
describe.each([
  ['onnxruntime-node', ortNode],
  ['onnxruntime-web', ortWeb],
] as const)('every CAM method on %s matches the reference backend', (_name, ort) => {
  const model = conformanceModel();
  const expectedBackend = referenceBackend(model, { layout: 'nchw' });
  const input = conformanceInput(model, 2, 'nchw', 17);
  let backend: OnnxBackend;
  beforeAll(async () => {
    if (ort === ortWeb) ortWeb.env.wasm.numThreads = 1;
    backend = await createOnnxBackend({ ort: ort as never, model: conformanceOnnx(model) });
  });
  afterAll(() => backend.dispose());

  it.each([...camMethodNames])('%s', async (method) => {
    for (const target of [{ kind: 'top' }, { kind: 'class', index: 2 }] as const) {
      const expected = await explain({ backend: expectedBackend, input, layer: 'relu', method, target });
      const actual = await explain({ backend, input, layer: 'relu', method, target });
      if (camMethods[method].kind === 'input') {
        // Input-space methods: the attributions of every input element, and the display map.
        actual.samples.forEach((sample, n) => {
          const want = expected.samples[n]!;
          expect(sample.classIndex).toBe(want.classIndex);
          const peak = Math.max(...want.attributions!.data.map(Math.abs));
          expect(peak).toBeGreaterThan(0);
          expect(maxAbs(sample.attributions!.data, want.attributions!.data) / peak).toBeLessThan(1e-4);
          expect(maxAbs(sample.map.data, want.map.data)).toBeLessThan(1e-3);
        });
        continue;
      }
      expect(
        expected.samples.some((sample) => sample.layerMaps[0]!.coarse.data.some((value) => value > 0)),
      ).toBe(true);
      expect(actual.samples).toHaveLength(2);
      expect(expected.samples).toHaveLength(2);
      actual.samples.forEach((sample, n) => {
        const want = expected.samples[n]!;
        expect(sample.classIndex).toBe(want.classIndex);
        if (channelWeightMethods.has(method)) {
          const weights = want.layerMaps[0]!.channelWeights!;
          const scale = Math.max(...weights.map(Math.abs));
          expect(scale).toBeGreaterThan(0);
          expect(maxAbs(sample.layerMaps[0]!.channelWeights!, weights) / scale).toBeLessThan(1e-4);
        } else {
          expect(sample.layerMaps[0]!.channelWeights).toBeUndefined();
          expect(want.layerMaps[0]!.channelWeights).toBeUndefined();
        }
        const peak = Math.max(...want.layerMaps[0]!.coarse.data, 1e-12);
        expect(maxAbs(sample.layerMaps[0]!.coarse.data, want.layerMaps[0]!.coarse.data) / peak).toBeLessThan(
          1e-4,
        );
        expect(maxAbs(sample.map.data, want.map.data)).toBeLessThan(1e-3);
      });
    }
  });
});
