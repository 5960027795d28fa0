import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Backend, type ForwardRequest, SeededRandom } from '@gradcam/core';
import { averageDropAndIncrease, deletionInsertion } from '@gradcam/metrics';
import { preprocessPresets } from '@gradcam/viz';
import { afterAll, describe, expect, it } from 'vitest';
import { IMAGE_BYTES } from '../data/dataset.js';
import { mapKey } from './compute-maps.js';
import { measureFaithfulness } from './faithfulness.js';
import { inputBatch } from './image-input.js';
import { ResultCache } from './result-cache.js';
import type { StudyModel } from './study-model.js';

const tmp = mkdtempSync(join(tmpdir(), 'cifar10-faithfulness-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A linear 10-class model over 32x32x3 NHWC inputs with seeded weights. */
function linearBackend(): Backend {
  const rng = new SeededRandom(5);
  const weights = Float32Array.from({ length: 10 * IMAGE_BYTES }, () => rng.next() - 0.5);
  return {
    specificationVersion: 'v1',
    name: 'linear',
    input: { shape: [null, 32, 32, 3], layout: 'nhwc' },
    capabilities: { gradients: false, forward: true, headFromActivations: false },
    listLayers: async () => [],
    forwardWithGradient: async () => {
      throw new Error('not used');
    },
    async forward({ input }: ForwardRequest) {
      const batch = input.shape[0];
      const data = new Float32Array(batch * 10);
      for (let n = 0; n < batch; n++) {
        for (let k = 0; k < 10; k++) {
          let sum = 0;
          for (let i = 0; i < IMAGE_BYTES; i++)
            sum += weights[k * IMAGE_BYTES + i]! * input.data[n * IMAGE_BYTES + i]!;
          data[n * 10 + k] = sum / 40;
        }
      }
      return { scores: { data, shape: [batch, 10] }, activations: {} };
    },
  };
}

describe('measureFaithfulness', () => {
  it("gives what @gradcam/metrics' averageDropAndIncrease and deletionInsertion give on the whole batch, over several chunks", async () => {
    const rng = new SeededRandom(9);
    const count = 60;
    const split = {
      images: Uint8Array.from({ length: count * IMAGE_BYTES }, () => rng.int(256)),
      labels: Uint8Array.from({ length: count }, (_, index) => index % 10),
      count,
      files: Array.from({ length: count }, (_, index) => `c/${index}.jpg`),
    };
    const model = {
      name: 'linear',
      backend: linearBackend(),
      preprocess: { ...preprocessPresets.unit, size: { height: 32, width: 32 } },
      preprocessName: 'unit',
      fingerprint: 'linear-test',
      layer: { name: 'none', shape: [], reason: '' },
    } as unknown as StudyModel;
    const predicted = Array.from({ length: count }, (_, index) => (index * 3) % 10);
    const sample = Array.from({ length: count }, (_, index) => index);
    const maps = new Map(
      sample.map((index) => [
        mapKey(index, predicted[index]!),
        Float32Array.from({ length: 1024 }, () => rng.next()),
      ]),
    );
    const result = await measureFaithfulness({
      model,
      split,
      method: 'gradcam',
      sample,
      predicted,
      maps,
      steps: 8,
      cache: new ResultCache(join(tmp, 'cache')),
    });

    const common = {
      backend: model.backend,
      input: inputBatch(split, sample, model),
      maps: sample.map((index) => ({
        data: maps.get(mapKey(index, predicted[index]!))!,
        height: 32,
        width: 32,
      })),
      target: { kind: 'class' as const, index: predicted },
    };
    const drop = await averageDropAndIncrease(common);
    const causal = await deletionInsertion({
      ...common,
      steps: 8,
      deletionBaseline: 0,
      insertionBaseline: 'blur',
    });
    expect(result.images).toBe(count);
    expect(result.averageDrop).toBeCloseTo(drop.averageDrop, 9);
    expect(result.increaseInConfidence).toBeCloseTo(drop.increaseInConfidence, 9);
    expect(result.deletionAuc).toBeCloseTo(causal.deletion.meanAuc, 9);
    expect(result.insertionAuc).toBeCloseTo(causal.insertion.meanAuc, 9);
    expect(result.deletionCurve).toHaveLength(9);
    result.insertionCurve.forEach((value, point) =>
      expect(value).toBeCloseTo(causal.insertion.meanCurve[point]!, 9),
    );
  });
});
