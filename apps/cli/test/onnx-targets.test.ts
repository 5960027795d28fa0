import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explain, readNpyFloat32, segmentationTarget } from '@gradcam/core';
import { centernetRandomReference, images, lrasppRandomReference, models } from '@gradcam/fixtures';
import { createOnnxBackend } from '@gradcam/onnx';
import { readOnnxModel } from '@gradcam/onnx/node';
import { imageToInput, parsePreprocessSpec } from '@gradcam/viz';
import { decodeImage } from '@gradcam/viz/node';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.js';

const summaryOf = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
const npy = (path: string) => readNpyFloat32(readFileSync(path));
const maxAbsDifference = (a: Float32Array, b: Float32Array) => {
  expect(a.length).toBe(b.length);
  return a.reduce((worst, value, index) => Math.max(worst, Math.abs(value - b[index]!)), 0);
};

const lraspp = JSON.parse(readFileSync(lrasppRandomReference('manifest.json'), 'utf8')) as {
  category: number;
  layers: Record<'high', { onnx: string }>;
};
const centernet = JSON.parse(readFileSync(centernetRandomReference('manifest.json'), 'utf8')) as {
  detection: { category: number; row: number; column: number; score: number };
  layers: { backbone: { onnx: string } };
};

describe('gradcam explain --target segmentation on an ONNX model (random LRASPP, NCHW output [1, 3, 128, 128])', () => {
  // The fixture's reference input is both.png at 128x128, RGB/255, ImageNet mean/std.
  const preprocess = 'imagenet,size=128x128';

  it("writes class 0's map, equal to the library's explain() with segmentationTarget on the same input", async () => {
    const out = temporaryFolder();
    const result = runCli([
      'explain',
      images.both,
      '--model',
      models.lrasppRandom,
      '--target',
      'segmentation',
      '--preprocess',
      preprocess,
      '--layer',
      lraspp.layers.high.onnx,
      '--class',
      '0',
      '--npy',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [record] = summaryOf(out).inputs;
    expect(record.predictions).toEqual([]);
    expect(record.results).toHaveLength(1);
    const [explained] = record.results;
    expect([explained.classIndex, explained.layer]).toEqual([0, lraspp.layers.high.onnx]);

    const backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.lrasppRandom) });
    try {
      const image = decodeImage(new Uint8Array(readFileSync(images.both)));
      const input = imageToInput(image, backend.input, parsePreprocessSpec(preprocess));
      const { scores } = await backend.forward({ input });
      const target = segmentationTarget(
        { data: scores.data, shape: [1, 3, 128, 128] },
        { classIndex: 0, layout: 'nchw' },
      );
      const explanation = await explain({ backend, input, layer: lraspp.layers.high.onnx, target });
      const library = explanation.samples[0]!.map;
      const map = npy(explained.files.mapNpy);
      expect(map.shape).toEqual([library.height, library.width]);
      const difference = maxAbsDifference(map.data, library.data);
      console.info(
        `[cli lraspp] segmentation map max |difference| from explain(): ${difference.toExponential(2)}`,
      );
      expect(Math.max(...library.data)).toBeGreaterThan(0);
      expect(difference).toBeLessThan(1e-5);
    } finally {
      await backend.dispose();
    }
  });

  it("defaults to the class covering most pixels (0) and gives pytorch-grad-cam's map on the reference input", () => {
    const out = temporaryFolder();
    const result = runCli([
      'explain',
      lrasppRandomReference('input'),
      '--model',
      models.lrasppRandom,
      '--target',
      'segmentation',
      '--layer',
      lraspp.layers.high.onnx,
      '--npy',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [explained] = summaryOf(out).inputs[0].results;
    expect(explained.classIndex).toBe(lraspp.category);
    const difference = maxAbsDifference(
      npy(explained.files.mapNpy).data,
      npy(lrasppRandomReference('high_gradcam_cam')).data,
    );
    console.info(`[cli lraspp] map max |difference| from pytorch-grad-cam: ${difference.toExponential(2)}`);
    expect(difference).toBeLessThan(1e-4);
  });
});

describe('gradcam explain --target detection on an ONNX heat-map detector without a detections output', () => {
  it("takes the heat map's strongest peak as the detection and gives pytorch-grad-cam's map of its score", () => {
    const out = temporaryFolder();
    const result = runCli([
      'explain',
      lrasppRandomReference('input'),
      '--model',
      models.centernetRandom,
      '--output',
      'heatmap',
      '--target',
      'detection',
      '--layer',
      centernet.layers.backbone.onnx,
      '--min-score',
      '0.5',
      '--max-detections',
      '3',
      '--npy',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { detections } = summaryOf(out).inputs[0];
    expect(detections).toHaveLength(3);
    const scores = detections.map((detection: { score: number }) => detection.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0.5);
    const [first] = detections;
    const { category, row, column, score } = centernet.detection;
    expect([first.class, first.cell]).toEqual([category, { y: row, x: column }]);
    expect(first.score).toBeCloseTo(score, 5);
    // the peak cell's extent on the 32x32 heat map, normalised
    expect(first.box).toEqual([column / 32, row / 32, (column + 1) / 32, (row + 1) / 32]);
    const difference = maxAbsDifference(
      npy(first.maps.gradcam.mapNpy).data,
      npy(centernetRandomReference('gradcam_cam')).data,
    );
    console.info(
      `[cli centernet] map max |difference| from pytorch-grad-cam: ${difference.toExponential(2)}`,
    );
    expect(difference).toBeLessThan(1e-4);
  });
});
