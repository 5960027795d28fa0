import { readFileSync } from 'node:fs';
import { integratedGradients, readNpyFloat32, type SpatialTensor } from '@gradcam/core';
import { models, smallcnnReference } from '@gradcam/fixtures';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxBackend, type OnnxBackend } from '../src/index.js';
import { readOnnxModel } from '../src/node/index.js';

describe('Integrated Gradients on smallcnn', () => {
  let backend: OnnxBackend;
  const input: SpatialTensor = {
    data: readNpyFloat32(readFileSync(smallcnnReference('input'))).data,
    shape: [1, 3, 224, 224],
    layout: 'nchw',
  };
  beforeAll(async () => {
    backend = await createOnnxBackend({ ort, model: await readOnnxModel(models.smallcnn) });
  });
  afterAll(() => backend.dispose());

  it('is complete to within 1% at 64 steps (attributions sum to the score difference from the zero baseline)', async () => {
    const errors: string[] = [];
    for (const rule of ['riemann-trapezoid', 'riemann-middle'] as const) {
      const result = await integratedGradients(
        backend,
        input,
        { kind: 'class', index: 4 },
        { steps: 64, rule },
      );
      const [check] = result.completeness;
      errors.push(
        `${rule}: sum ${check!.attributionSum.toFixed(6)} vs F(x) - F(0) = ${check!.scoreDifference.toFixed(6)}, ` +
          `relative error ${check!.relativeError.toExponential(2)}`,
      );
      expect(check!.relativeError).toBeLessThan(0.01);
      expect(Math.abs(check!.scoreDifference)).toBeGreaterThan(1e-3);
      expect(result.classIndices).toEqual([4]);
    }
    console.info(`[smallcnn] Integrated Gradients, 64 steps: ${errors.join('; ')}`);
  });
});
