import { readFileSync } from 'node:fs';
import { detectionTarget, explain, readNpyFloat32, type Target } from '@gradcam/core';
import { centernetRandomReference, lrasppRandomReference, models } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';
import { compareArrays } from './helpers/compare.js';

const reference = (name: string) => readNpyFloat32(readFileSync(centernetRandomReference(name)));
const manifest = JSON.parse(readFileSync(centernetRandomReference('manifest.json'), 'utf8')) as {
  detection: { category: number; row: number; column: number; score: number };
  layers: { backbone: { onnx: string; shape: number[] } };
};

describe('CenterNet-like detector (random weights) against pytorch-grad-cam in float64', () => {
  let backend: OnnxBackend;
  const input = readNpyFloat32(readFileSync(lrasppRandomReference('input')));
  const spatialInput = {
    data: input.data,
    shape: input.shape as [number, number, number, number],
    layout: 'nchw' as const,
  };
  const layer = manifest.layers.backbone.onnx;
  const [height, width] = [32, 32];
  const { category, row, column } = manifest.detection;
  // one detection's score: the heat map's class channel at its centre cell, flattened [classes, height, width]
  const cell = (category * height + row) * width + column;
  // one detection's score: the heat map's class channel at its centre cell (the scores are [classes, height, width]
  // flattened); pytorch-grad-cam's reference target is `output[category, row, column]`
  const target: Target = detectionTarget({
    outputShape: [1, 4, height, width],
    layout: 'nchw',
    classIndex: category,
    cell: { y: row, x: column },
  });

  beforeAll(async () => {
    backend = await createOnnxBackend({
      ort,
      model: await readOnnxModel(models.centernetRandom),
      output: 'heatmap',
    });
  });
  afterAll(() => backend.dispose());

  it('explains the heat map (before post-processing), whose strongest cell is the detection', async () => {
    expect(backend.numClasses).toBe(4 * height * width);
    const result = await backend.forwardWithGradient({ input: spatialInput, layer, target: { kind: 'top' } });
    expect(result.classIndices).toEqual([cell]);
    expect(result.scores.data[cell]).toBeCloseTo(manifest.detection.score, 5);
    if (target.kind !== 'weights') throw new Error('expected a weighting');
    expect(
      Array.from(target.weights).flatMap((weight, index) => (weight === 0 ? [] : [[index, weight]])),
    ).toEqual([[cell, 1]]);
  });

  it("gives the heat map, activation and gradient of the detection's score to 1e-4", async () => {
    const result = await backend.forwardWithGradient({ input: spatialInput, layer, target });
    const heatmap = compareArrays(result.scores.data, reference('heatmap').data);
    const activation = compareArrays(result.activations.data, reference('activation').data);
    const gradient = compareArrays(result.gradients.data, reference('gradient').data);
    console.info(
      `[centernet] max |difference| relative to peak: heatmap ${heatmap.relative.toExponential(2)}, ` +
        `activation ${activation.relative.toExponential(2)}, gradient ${gradient.relative.toExponential(2)} ` +
        `(gradient peak ${gradient.peak.toExponential(2)})`,
    );
    expect(result.activations.shape).toEqual(manifest.layers.backbone.shape);
    expect(gradient.peak).toBeGreaterThan(0);
    expect(heatmap.relative).toBeLessThan(1e-4);
    expect(activation.relative).toBeLessThan(1e-4);
    expect(gradient.relative).toBeLessThan(1e-4);
  });

  it('gives the Grad-CAM map pytorch-grad-cam computed for that detection', async () => {
    const explanation = await explain({ backend, input: spatialInput, layer, target });
    const cam = compareArrays(explanation.samples[0]!.map.data, reference('gradcam_cam').data);
    console.info(`[centernet] Grad-CAM map max |difference| ${cam.maxAbs.toExponential(2)}`);
    expect(cam.maxAbs).toBeLessThan(1e-4);
  });

  it("gives pytorch-grad-cam's Grad-CAM++, LayerCAM and Score-CAM maps for that detection", async () => {
    for (const method of ['gradcam++', 'layercam', 'scorecam'] as const) {
      const explanation = await explain({ backend, input: spatialInput, layer, target, method });
      const cam = compareArrays(explanation.samples[0]!.map.data, reference(`${method}_cam`).data);
      console.info(`[centernet] ${method} map max |difference| ${cam.maxAbs.toExponential(2)}`);
      expect(cam.maxAbs).toBeLessThan(1e-4);
    }
  });
});
