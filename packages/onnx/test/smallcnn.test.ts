import { readFileSync } from 'node:fs';
import { chooseLayer, explain, readNpyFloat32 } from '@gradcam/core';
import { models, smallcnnReference } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';
import { compareArrays } from './helpers/compare.js';

const layer = '/features/features.7/Relu_output_0';
const reference = (name: string) => readNpyFloat32(readFileSync(smallcnnReference(name)));

describe('smallcnn against pytorch-grad-cam', () => {
  let backend: OnnxBackend;
  const input = reference('input');
  const spatialInput = {
    data: input.data,
    shape: input.shape as [number, number, number, number],
    layout: 'nchw' as const,
  };

  beforeAll(async () => {
    backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.smallcnn) });
  });
  afterAll(() => backend.dispose());

  it('lists the layers in execution order and picks the last spatial one automatically', async () => {
    const layers = await backend.listLayers();
    expect(layers.map((info) => info.name)).toContain(layer);
    expect(layers[0]?.name).toBe('/features/features.0/Conv_output_0');
    expect(chooseLayer(layers)?.name).toBe('/features/features.9/Relu_output_0');
    const info = layers.find((candidate) => candidate.name === layer)!;
    expect(info.outputShape).toEqual([null, 32, 56, 56]);
    expect(info.kind).toBe('Relu');
    expect(backend.numClasses).toBe(10);
    expect(backend.input).toEqual({ name: 'input', shape: [null, 3, 224, 224], layout: 'nchw' });
  });

  it('gives the logits, activations and gradients of pytorch-grad-cam to 1e-4 relative', async () => {
    const result = await backend.forwardWithGradient({
      input: spatialInput,
      layer,
      target: { kind: 'class', index: 4 },
    });
    const logits = compareArrays(result.scores.data, reference('logits').data);
    const activation = compareArrays(result.activations.data, reference('activation').data);
    const gradient = compareArrays(result.gradients.data, reference('gradient').data);
    console.info(
      `[smallcnn] max |difference| (relative to peak): logits ${logits.maxAbs.toExponential(2)} (${logits.relative.toExponential(2)}), ` +
        `activation ${activation.maxAbs.toExponential(2)} (${activation.relative.toExponential(2)}), ` +
        `gradient ${gradient.maxAbs.toExponential(2)} (${gradient.relative.toExponential(2)})`,
    );
    expect(result.activations.shape).toEqual([1, 32, 56, 56]);
    expect(logits.relative).toBeLessThan(1e-4);
    expect(activation.relative).toBeLessThan(1e-4);
    expect(gradient.relative).toBeLessThan(1e-4);
  });

  it("gives core's explain() the map pytorch-grad-cam computed", async () => {
    const explanation = await explain({
      backend,
      input: spatialInput,
      layer,
      target: { kind: 'class', index: 4 },
    });
    const cam = compareArrays(explanation.samples[0]!.map.data, reference('gradcam_cam').data);
    console.info(`[smallcnn] Grad-CAM map max |difference| ${cam.maxAbs.toExponential(2)}`);
    expect(cam.maxAbs).toBeLessThan(1e-4);
  });

  it('the gradient-free methods (forward, headFromActivations) match pytorch-grad-cam too', async () => {
    for (const method of ['scorecam', 'ablationcam', 'gradcam++'] as const) {
      const explanation = await explain({
        backend,
        input: spatialInput,
        layer,
        target: { kind: 'class', index: 4 },
        method,
      });
      const cam = compareArrays(explanation.samples[0]!.map.data, reference(`${method}_cam`).data);
      console.info(`[smallcnn] ${method} map max |difference| ${cam.maxAbs.toExponential(2)}`);
      expect(cam.maxAbs).toBeLessThan(1e-4);
    }
  });

  it('by node name too, and top-1 equals the explicit class', async () => {
    const byNode = await backend.forwardWithGradient({
      input: spatialInput,
      layer: '/features/features.7/Relu',
      target: { kind: 'top' },
    });
    const top = byNode.classIndices[0]!;
    const explicit = await backend.forwardWithGradient({
      input: spatialInput,
      layer,
      target: { kind: 'class', index: top },
    });
    expect(byNode.classIndices).toEqual([top]);
    expect(compareArrays(byNode.gradients.data, explicit.gradients.data).maxAbs).toBe(0);
  });
});
