import { readFileSync } from 'node:fs';
import { explain, readNpyFloat32, segmentationTarget, type Target } from '@gradcam/core';
import { lrasppRandomReference, models } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';
import { compareArrays } from './helpers/compare.js';

const reference = (name: string) => readNpyFloat32(readFileSync(lrasppRandomReference(name)));
const manifest = JSON.parse(readFileSync(lrasppRandomReference('manifest.json'), 'utf8')) as {
  category: number;
  layers: Record<'high' | 'mid', { onnx: string; shape: number[] }>;
};

describe('LRASPP segmenter (random weights) against pytorch-grad-cam in float64', () => {
  let backend: OnnxBackend;
  const input = reference('input');
  const spatialInput = {
    data: input.data,
    shape: input.shape as [number, number, number, number],
    layout: 'nchw' as const,
  };
  const mask = reference('mask');
  const outputShape = [1, 3, 128, 128];
  // pytorch-grad-cam's SemanticSegmentationTarget(category, mask) with its tutorial's mask (the pixels whose
  // arg-max is the category), built by core from the reference logits; the test below builds it from the backend's.
  const target: Target = segmentationTarget(
    { data: reference('logits').data, shape: outputShape },
    { classIndex: manifest.category, layout: 'nchw' },
  );

  const explainAtHigh = () => ({ backend, input: spatialInput, layer: manifest.layers.high.onnx, target });

  beforeAll(async () => {
    backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.lrasppRandom) });
  });
  afterAll(() => backend.dispose());

  it("scores every pixel of every class; core's default mask from the backend's logits is the reference mask", async () => {
    expect(backend.numClasses).toBe(3 * 128 * 128);
    const { scores } = await backend.forward({ input: spatialInput });
    const fromBackend = segmentationTarget(
      { data: scores.data, shape: outputShape },
      { classIndex: manifest.category, layout: 'nchw' },
    );
    const explicit = segmentationTarget(
      { data: scores.data, shape: outputShape },
      { classIndex: manifest.category, layout: 'nchw', mask: mask.data },
    );
    if (fromBackend.kind !== 'weights' || explicit.kind !== 'weights' || target.kind !== 'weights') {
      throw new Error('expected weightings');
    }
    expect(Array.from(fromBackend.weights)).toEqual(Array.from(explicit.weights));
    expect(Array.from(target.weights)).toEqual(Array.from(explicit.weights));
    expect(backend.input).toEqual({ name: 'input', shape: [1, 3, 128, 128], layout: 'nchw' });
    const layers = (await backend.listLayers()).map((info) => info.name);
    expect(layers).toContain(manifest.layers.high.onnx);
    expect(layers).toContain(manifest.layers.mid.onnx);
    const covered = mask.data.reduce((sum, value) => sum + value, 0);
    expect(covered).toBeGreaterThan(0.1 * mask.data.length);
    expect(covered).toBeLessThan(0.9 * mask.data.length);
  });

  for (const key of ['high', 'mid'] as const) {
    it(`gives the logits, activation and gradient at ${key} (backbone) of SemanticSegmentationTarget to 1e-4`, async () => {
      const { onnx: layer, shape } = manifest.layers[key];
      const result = await backend.forwardWithGradient({ input: spatialInput, layer, target });
      const logits = compareArrays(result.scores.data, reference('logits').data);
      const activation = compareArrays(result.activations.data, reference(`${key}_activation`).data);
      const gradient = compareArrays(result.gradients.data, reference(`${key}_gradient`).data);
      console.info(
        `[lraspp ${key}] max |difference| relative to peak: logits ${logits.relative.toExponential(2)}, ` +
          `activation ${activation.relative.toExponential(2)}, gradient ${gradient.relative.toExponential(2)} ` +
          `(gradient peak ${gradient.peak.toExponential(2)})`,
      );
      expect(result.activations.shape).toEqual(shape);
      expect(gradient.peak).toBeGreaterThan(0);
      expect(logits.relative).toBeLessThan(1e-4);
      expect(activation.relative).toBeLessThan(1e-4);
      expect(gradient.relative).toBeLessThan(1e-4);
    });

    it(`gives the Grad-CAM map pytorch-grad-cam computed at ${key}`, async () => {
      const explanation = await explain({
        backend,
        input: spatialInput,
        layer: manifest.layers[key].onnx,
        target,
      });
      const cam = compareArrays(explanation.samples[0]!.map.data, reference(`${key}_gradcam_cam`).data);
      console.info(`[lraspp ${key}] Grad-CAM map max |difference| ${cam.maxAbs.toExponential(2)}`);
      expect(cam.maxAbs).toBeLessThan(1e-4);
    });
  }

  it('gives the LayerCAM map pytorch-grad-cam computed at high', async () => {
    const explanation = await explain({ ...explainAtHigh(), method: 'layercam' });
    const cam = compareArrays(explanation.samples[0]!.map.data, reference('high_layercam_cam').data);
    console.info(`[lraspp high] layercam map max |difference| ${cam.maxAbs.toExponential(2)}`);
    expect(cam.maxAbs).toBeLessThan(1e-4);
  });

  // Grad-CAM++'s alpha = g^2 / (2 g^2 + sum(A) g^3) nearly cancels at this layer (the denominator falls to 1.1e-3
  // of 2 g^2): rounding pytorch-grad-cam's own float64 activation and gradient to float32 already moves its map by
  // 7.2e-5, and noise of 3e-7 of the gradient's peak (the size of float32's error here) by 9.2e-4. So this map is
  // held to 1e-3, the others to 1e-4.
  it('gives the Grad-CAM++ map pytorch-grad-cam computed at high, as far as float32 allows', async () => {
    const explanation = await explain({ ...explainAtHigh(), method: 'gradcam++' });
    const cam = compareArrays(explanation.samples[0]!.map.data, reference('high_gradcam++_cam').data);
    console.info(`[lraspp high] gradcam++ map max |difference| ${cam.maxAbs.toExponential(2)}`);
    expect(cam.maxAbs).toBeLessThan(1e-3);
  });
});
