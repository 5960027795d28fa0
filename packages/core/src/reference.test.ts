import { readFileSync } from 'node:fs';
import { smallcnnReference } from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import { channelMeans } from './math/channel-means.js';
import { minMaxNormalize } from './math/min-max-normalize.js';
import { relu } from './math/relu.js';
import { resizeBilinear } from './math/resize-bilinear.js';
import { toLayout } from './math/to-layout.js';
import { weightedChannelSum } from './math/weighted-channel-sum.js';
import { readNpyFloat32 } from './npy/read-npy.js';
import type { SpatialTensor } from './tensor.js';

// pytorch-grad-cam 1.5.5's own arrays for a small CNN at layer features.7 (see packages/fixtures/NOTICE).
const fixture = (name: string) => readNpyFloat32(readFileSync(smallcnnReference(name)));
const tensor = (name: string): SpatialTensor => {
  const { data, shape } = fixture(name);
  return { data, shape: shape as [number, number, number, number], layout: 'nchw' };
};

function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let index = 0; index < actual.length; index++) {
    worst = Math.max(worst, Math.abs(actual[index]! - expected[index]!));
  }
  return worst;
}

describe('Grad-CAM against pytorch-grad-cam (smallcnn, features.7, class 4)', () => {
  const activations = tensor('activation');
  const gradients = tensor('gradient');
  const weights = channelMeans(gradients);
  const raw = weightedChannelSum(activations, weights)[0]!;
  const coarse = minMaxNormalize(relu(raw));
  const upsampled = resizeBilinear(coarse, 224, 224);
  const cam = minMaxNormalize(upsampled);

  it('reproduces the channel weights', () => {
    expect(maxAbsDifference(weights, fixture('gradcam_weights').data)).toBeLessThan(1e-5);
  });
  it('reproduces the raw map before ReLU', () => {
    expect(maxAbsDifference(raw.data, fixture('gradcam_coarse_raw').data)).toBeLessThan(1e-5);
  });
  it('reproduces the coarse map (ReLU, min-max)', () => {
    expect(maxAbsDifference(coarse.data, fixture('gradcam_coarse').data)).toBeLessThan(1e-5);
  });
  it("reproduces OpenCV's INTER_LINEAR upsampling", () => {
    expect(maxAbsDifference(upsampled.data, fixture('gradcam_upsampled').data)).toBeLessThan(1e-5);
  });
  it('reproduces the final map', () => {
    expect(maxAbsDifference(cam.data, fixture('gradcam_cam').data)).toBeLessThan(1e-5);
  });
  it('gives the same result from NHWC data', () => {
    const nhwcWeights = channelMeans(toLayout(gradients, 'nhwc'));
    const nhwcRaw = weightedChannelSum(toLayout(activations, 'nhwc'), nhwcWeights)[0]!;
    expect(maxAbsDifference(nhwcWeights, weights)).toBeLessThan(1e-9);
    expect(maxAbsDifference(nhwcRaw.data, raw.data)).toBeLessThan(1e-6);
  });
});
