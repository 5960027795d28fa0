import { readFileSync } from 'node:fs';
import { smallcnnReference } from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/v1/backend-v1.js';
import { aggregateLayers } from '../explain/aggregate-layers.js';
import { reduceChannels } from '../explain/reduce-channels.js';
import { relu } from '../math/relu.js';
import { readNpyFloat32 } from '../npy/read-npy.js';
import type { SpatialTensor } from '../tensor.js';
import { camMethod } from './registry.js';

// pytorch-grad-cam 1.5.5's arrays for a small CNN at features.7, class 4 (packages/fixtures/NOTICE).
const fixture = (name: string) => readNpyFloat32(readFileSync(smallcnnReference(name)));
const tensor = (name: string): SpatialTensor => {
  const { data, shape } = fixture(name);
  return { data, shape: shape as [number, number, number, number], layout: 'nchw' };
};
const activations = tensor('activation');
const gradients = tensor('gradient');
const targetWeights = new Float32Array(10);
targetWeights[4] = 1;

function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let index = 0; index < actual.length; index++) {
    worst = Math.max(worst, Math.abs(actual[index]! - expected[index]!));
  }
  return worst;
}

async function run(name: string, layout: 'nchw' | 'nhwc' = 'nchw') {
  const { toLayout } = await import('../math/to-layout.js');
  const acts = toLayout(activations, layout);
  const grads = toLayout(gradients, layout);
  const output = await camMethod(name).compute({
    backend: {} as Backend,
    input: { data: new Float32Array(0), shape: [1, 3, 224, 224], layout: 'nchw' },
    layer: 'features.7',
    scores: { data: fixture('logits').data, shape: [1, 10] },
    activations: acts,
    gradients: grads,
    targetWeights,
  });
  const raw = reduceChannels(output, acts, false)[0]!;
  const cam = aggregateLayers([relu(raw)], 224, 224);
  return { output, raw, cam };
}

describe.each([
  'gradcam',
  'gradcam++',
  'xgradcam',
  'hirescam',
  'layercam',
])('%s against pytorch-grad-cam', (name) => {
  it('reproduces the weights, the raw and final maps to 1e-4 (NCHW and NHWC)', async () => {
    for (const layout of ['nchw', 'nhwc'] as const) {
      const { output, raw, cam } = await run(name, layout);
      // Grad-CAM, Grad-CAM++ and XGrad-CAM weight channels (the anchor saved their weights); HiRes-CAM and
      // Layer-CAM weight every activation.
      const weighsChannels = ['gradcam', 'gradcam++', 'xgradcam'].includes(name);
      expect(output.kind).toBe(weighsChannels ? 'channel-weights' : 'weighted-activations');
      if (output.kind === 'channel-weights') {
        expect(maxAbsDifference(output.weights, fixture(`${name}_weights`).data)).toBeLessThan(1e-4);
      }
      const expectedRaw = fixture(`${name}_coarse_raw`).data;
      const scale = Math.max(...expectedRaw.map(Math.abs));
      expect(maxAbsDifference(raw.data, expectedRaw) / scale).toBeLessThan(1e-4);
      expect(maxAbsDifference(cam.data, fixture(`${name}_cam`).data)).toBeLessThan(1e-4);
    }
  });
});

describe('eigencam against pytorch-grad-cam', () => {
  it('matches up to the arbitrary sign of the singular vector, and fixes the sign deterministically', async () => {
    const { raw, cam } = await run('eigencam');
    const expectedRaw = fixture('eigencam_coarse_raw').data;
    let dot = 0;
    for (let index = 0; index < expectedRaw.length; index++) dot += raw.data[index]! * expectedRaw[index]!;
    const sign = Math.sign(dot);
    const scale = Math.max(...expectedRaw.map(Math.abs));
    expect(
      maxAbsDifference(
        raw.data.map((value) => sign * value),
        expectedRaw,
      ) / scale,
    ).toBeLessThan(1e-4);
    // Our convention: positive correlation with the channel sum of the activations.
    let activity = 0;
    for (let c = 0; c < 32; c++) {
      for (let pixel = 0; pixel < 56 * 56; pixel++)
        activity += raw.data[pixel]! * activations.data[c * 3136 + pixel]!;
    }
    expect(activity).toBeGreaterThan(0);
    // On this reference the anchor's arbitrary sign happens to agree with our convention (the onnx package
    // compares its Eigen-CAM map directly), so the final map matches without flipping.
    expect(sign).toBe(1);
    expect(maxAbsDifference(cam.data, fixture('eigencam_cam').data)).toBeLessThan(1e-4);
  });
});
