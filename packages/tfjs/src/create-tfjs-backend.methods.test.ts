import { type CamMethodName, camMethodNames, camMethods, explain } from '@gradcam/core';
import { conformanceInput, conformanceModel, referenceBackend } from '@gradcam/core/testing';
import { describe, expect, it } from 'vitest';
import { conformanceLayersModel } from './__fixtures__/conformance-layers-model.js';
import { type TestBackend, useBackend } from './__fixtures__/tfjs-backends.js';
import { createTfjsBackend } from './create-tfjs-backend.js';

// Every CAM method through TensorFlow.js gives the maps of the pure-TypeScript reference backend on the same
// model: the gradient methods through forwardWithGradient, Score-CAM through forward, Ablation-CAM through
// headFromActivations, Eigen-CAM from the activations alone, the input-space methods through
// forwardWithInputGradient (and layerBiases for FullGrad).
const model = conformanceModel();
const reference = referenceBackend(model, { layout: 'nhwc' });
const input = conformanceInput(model, 2, 'nhwc', 17);
/** The methods that weight whole channels and return `channelWeights`; the others return none. */
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

describe.each(['cpu', 'wasm'] as TestBackend[])('every CAM method on tfjs %s', (name) => {
  it.each([...camMethodNames])('%s matches the reference backend', async (method) => {
    await useBackend(name);
    const backend = await createTfjsBackend(conformanceLayersModel(model));
    for (const target of [{ kind: 'top' }, { kind: 'class', index: 2 }] as const) {
      const expected = await explain({ backend: reference, input, layer: 'relu', method, target });
      const actual = await explain({ backend, input, layer: 'relu', method, target });
      if (camMethods[method].kind === 'input') {
        // Input-space methods: the attributions of every input element, and the display map.
        actual.samples.forEach((sample, n) => {
          const want = expected.samples[n]!;
          expect(sample.classIndex).toBe(want.classIndex);
          const peak = Math.max(...want.attributions!.data.map(Math.abs));
          expect(peak).toBeGreaterThan(0);
          sample.attributions!.data.forEach((value, index) => {
            expect(Math.abs(value - want.attributions!.data[index]!) / peak).toBeLessThan(1e-4);
          });
          sample.map.data.forEach((value, index) => expect(value).toBeCloseTo(want.map.data[index]!, 3));
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
          sample.layerMaps[0]!.channelWeights!.forEach((value, c) => {
            expect(Math.abs(value - weights[c]!) / scale).toBeLessThan(1e-4);
          });
          expect(sample.layerMaps[0]!.channelWeights).toHaveLength(model.channels);
        } else {
          expect(sample.layerMaps[0]!.channelWeights).toBeUndefined();
          expect(want.layerMaps[0]!.channelWeights).toBeUndefined();
        }
        const peak = Math.max(...want.layerMaps[0]!.coarse.data, 1e-12);
        sample.layerMaps[0]!.coarse.data.forEach((value, index) => {
          expect(Math.abs(value - want.layerMaps[0]!.coarse.data[index]!) / peak).toBeLessThan(1e-4);
        });
        sample.map.data.forEach((value, index) => expect(value).toBeCloseTo(want.map.data[index]!, 3));
      });
    }
    await backend.dispose?.();
  });
});
