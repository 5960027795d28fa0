import { readFileSync } from 'node:fs';
import { smallcnnExtraReference, smallcnnReference } from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/v1/backend-v1.js';
import { aggregateLayers } from '../explain/aggregate-layers.js';
import { reduceChannels } from '../explain/reduce-channels.js';
import { relu } from '../math/relu.js';
import { toLayout } from '../math/to-layout.js';
import { readNpyFloat32 } from '../npy/read-npy.js';
import type { SpatialTensor } from '../tensor.js';
import type { CamMethod } from './cam-method.js';
import { createFem } from './fem.js';
import { createKpcaCam } from './kpca-cam.js';

// pytorch-grad-cam 1.5.5's FEM (k = 2) and KPCA_CAM (sigmoid kernel) maps for the small CNN at features.7
// (packages/fixtures/NOTICE). Both use the activations only, so core reproduces them without a backend.
const read = (path: string) => readNpyFloat32(readFileSync(path));
const { data, shape } = read(smallcnnReference('activation'));
const activations: SpatialTensor = { data, shape: shape as [number, number, number, number], layout: 'nchw' };
const targetWeights = new Float32Array(10);
targetWeights[4] = 1;

async function finalMap(method: CamMethod, layout: 'nchw' | 'nhwc') {
  const acts = toLayout(activations, layout);
  const output = await method.compute({
    backend: {} as Backend,
    input: { data: new Float32Array(0), shape: [1, 3, 224, 224], layout: 'nchw' },
    layer: 'features.7',
    scores: { data: read(smallcnnReference('logits')).data, shape: [1, 10] },
    activations: acts,
    targetWeights,
  });
  return aggregateLayers([relu(reduceChannels(output, acts, false)[0]!)], 224, 224).data;
}

function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let index = 0; index < actual.length; index++)
    worst = Math.max(worst, Math.abs(actual[index]! - expected[index]!));
  return worst;
}

describe.each([
  ['fem', () => createFem(), 'fem_cam.npy'],
  ['kpcacam', () => createKpcaCam(), 'kpcacam_cam.npy'],
] as const)('%s against pytorch-grad-cam', (_name, create, file) => {
  it('reproduces the final map to 1e-4 (NCHW and NHWC)', async () => {
    const expected = read(smallcnnExtraReference(file)).data;
    for (const layout of ['nchw', 'nhwc'] as const) {
      const difference = maxAbsDifference(await finalMap(create(), layout), expected);
      expect(difference).toBeLessThan(1e-4);
    }
  });
});
