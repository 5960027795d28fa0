import { readFileSync } from 'node:fs';
import { explain, readNpyFloat32 } from '@gradcam/core';
import { models, smallcnnExtraReference, smallcnnReference } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';
import { compareArrays } from './helpers/compare.js';

// pytorch-grad-cam 1.5.5's FinerCAM, KPCA_CAM and FEM maps on the small CNN (packages/fixtures/NOTICE).
const layer = '/features/features.7/Relu_output_0';
const read = (path: string) => readNpyFloat32(readFileSync(path));

describe('smallcnn: the newer layer methods against pytorch-grad-cam', () => {
  let backend: OnnxBackend;
  const { data, shape } = read(smallcnnReference('input'));
  const input = { data, shape: shape as [number, number, number, number], layout: 'nchw' as const };

  beforeAll(async () => {
    backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.smallcnn) });
  });
  afterAll(() => backend.dispose());

  it.each([
    'finercam',
    'fem',
    'kpcacam',
  ] as const)('%s gives the anchor map to 1e-4 through explain()', async (name) => {
    const explanation = await explain({
      backend,
      input,
      layer,
      target: { kind: 'class', index: 4 },
      method: name,
    });
    const cam = compareArrays(
      explanation.samples[0]!.map.data,
      read(smallcnnExtraReference(`${name}_cam.npy`)).data,
    );
    console.info(`[smallcnn] ${name} map max |difference| ${cam.maxAbs.toExponential(2)}`);
    expect(cam.maxAbs).toBeLessThan(1e-4);
  });

  it('shapleycam is Grad-CAM on this piecewise-linear head, up to the central differences', async () => {
    // After features.7 the small CNN has only ReLU, pooling and linear layers: the Hessian is 0 almost
    // everywhere, so pytorch-grad-cam's ShapleyCAM equals its Grad-CAM here.
    const target = { kind: 'class', index: 4 } as const;
    const shapley = await explain({ backend, input, layer, target, method: 'shapleycam' });
    const grad = await explain({ backend, input, layer, target, method: 'gradcam' });
    const cam = compareArrays(shapley.samples[0]!.map.data, read(smallcnnReference('gradcam_cam')).data);
    const weights = compareArrays(
      shapley.samples[0]!.layerMaps[0]!.channelWeights!,
      grad.samples[0]!.layerMaps[0]!.channelWeights!,
    );
    console.info(
      `[smallcnn] shapleycam vs Grad-CAM: map ${cam.maxAbs.toExponential(2)}, weights ${weights.relative.toExponential(2)} of the peak`,
    );
    expect(cam.maxAbs).toBeLessThan(5e-3);
  });

  it('finercam needs one class per sample and says so for a weighting', async () => {
    const weights = new Float32Array(10);
    weights[4] = 1;
    weights[2] = -1;
    await expect(
      explain({ backend, input, layer, target: { kind: 'weights', weights }, method: 'finercam' }),
    ).rejects.toMatchObject({ code: 'finercam-needs-class' });
  });
});
