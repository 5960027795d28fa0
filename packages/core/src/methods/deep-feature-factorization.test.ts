import { pearson } from '@gradcam/fixtures';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/v1/backend-v1.js';
import type { SpatialTensor } from '../tensor.js';
import {
  conceptScores,
  createDeepFeatureFactorization,
  deepFeatureFactorization,
} from './deep-feature-factorization.js';

// Activations made of two concepts: A[c, p] = offset[c] + sum_k W[c, k] H[k, p], every H row zero somewhere and
// both zero at pixel 0 (so each channel's minimum is its offset).
const channels = 4;
const height = 3;
const width = 4;
const area = height * width;
const offset = [-1, 0, 0.5, 2];
const W = [
  [1, 0],
  [0.5, 0.2],
  [0, 1.5],
  [2, 1],
];
const H = [
  [0, 1, 2, 0, 0, 3, 1, 0, 0, 0, 2, 1],
  [0, 0, 0, 2, 1, 0, 0, 3, 1, 2, 0, 0],
];
const data = new Float32Array(channels * area);
for (let c = 0; c < channels; c++)
  for (let p = 0; p < area; p++)
    data[c * area + p] = offset[c]! + W[c]![0]! * H[0]![p]! + W[c]![1]! * H[1]![p]!;
const activations: SpatialTensor = { data, shape: [1, channels, height, width], layout: 'nchw' };

// A head that pools globally and applies a linear classifier: scores = M mean_p(A) + bias.
const M = [
  [1, -1, 0, 0.5],
  [0, 1, 2, -1],
  [-0.5, 0, 1, 1],
];
const classify = (vector: ArrayLike<number>) =>
  M.map((row, k) => row.reduce((sum, m, c) => sum + m * vector[c]!, 0) + 0.1 * k);
const backend = {
  name: 'pool-linear',
  capabilities: { gradients: false, forward: false, headFromActivations: true },
  headFromActivations: async ({ activations: a }: { activations: SpatialTensor }) => {
    const batch = a.shape[0];
    const out = new Float32Array(batch * 3);
    for (let n = 0; n < batch; n++) {
      const means = Array.from({ length: channels }, (_, c) => {
        let sum = 0;
        for (let p = 0; p < area; p++) sum += a.data[(n * channels + c) * area + p]!;
        return sum / area;
      });
      out.set(classify(means), n * 3);
    }
    return { data: out, shape: [batch, 3] as [number, number] };
  },
} as unknown as Backend;

describe('deep feature factorization', () => {
  const factorization = deepFeatureFactorization(activations, {
    components: 2,
    maxIterations: 5000,
    tolerance: 0,
  });

  it('finds the concepts the activations are made of: their maps and vectors', () => {
    expect(factorization.relativeError).toBeLessThan(1e-3);
    const maps = factorization.maps[0]!;
    // Each true concept map matches one factor map (NMF's order and scale are arbitrary).
    const match = H.map((row) => maps.map((map) => pearson(map.data, row)));
    const first = match[0]![0]! > match[0]![1]! ? 0 : 1;
    expect(match[0]![first]!).toBeGreaterThan(0.999);
    expect(match[1]![1 - first]!).toBeGreaterThan(0.999);
    // The concept vector minus the shift is proportional to W's column.
    for (const [k, index] of [
      [first, 0],
      [1 - first, 1],
    ] as const) {
      const vector = Array.from(
        { length: channels },
        (_, c) => factorization.concepts[k * channels + c]! - offset[c]!,
      );
      expect(
        pearson(
          vector,
          W.map((row) => row[index]!),
        ),
      ).toBeGreaterThan(0.999);
    }
  });

  it("scores each concept with the model's head: a pooled linear head gives the classifier of the concept", async () => {
    const scores = await conceptScores(backend, 'layer', factorization, activations.shape, 'nchw');
    expect(scores.shape).toEqual([2, 3]);
    for (let k = 0; k < 2; k++) {
      const expected = classify(factorization.concepts.subarray(k * channels, (k + 1) * channels));
      expected.forEach((value, j) => expect(scores.data[k * 3 + j]).toBeCloseTo(value, 5));
    }
  });

  it('scores concepts one head run at a time when the backend takes one sample per call (maxBatchSize 1)', async () => {
    const batches: number[] = [];
    const single = {
      ...backend,
      capabilities: { ...backend.capabilities, maxBatchSize: 1 },
      headFromActivations: async (request: { activations: SpatialTensor }) => {
        batches.push(request.activations.shape[0]);
        if (request.activations.shape[0] > 1) throw new Error('a batch of more than one');
        return backend.headFromActivations!(
          request as Parameters<NonNullable<Backend['headFromActivations']>>[0],
        );
      },
    } as Backend;
    const scores = await conceptScores(single, 'layer', factorization, activations.shape, 'nchw');
    const all = await conceptScores(backend, 'layer', factorization, activations.shape, 'nchw');
    expect(batches).toEqual([1, 1]);
    expect(scores.shape).toEqual([2, 3]);
    expect(Array.from(scores.data)).toEqual(Array.from(all.data));
  });

  it("as a CAM method, maps the concept the target's class scores highest", async () => {
    const scores = await conceptScores(backend, 'layer', factorization, activations.shape, 'nchw');
    for (const target of [0, 1, 2]) {
      const best = scores.data[target]! > scores.data[3 + target]! ? 0 : 1;
      const targetWeights = new Float32Array(3);
      targetWeights[target] = 1;
      const output = await createDeepFeatureFactorization({
        components: 2,
        maxIterations: 5000,
        tolerance: 0,
      }).compute({
        backend,
        input: { data: new Float32Array(0), shape: [1, 3, 12, 16], layout: 'nchw' },
        layer: 'layer',
        scores: { data: new Float32Array(3), shape: [1, 3] },
        activations,
        targetWeights,
      });
      if (output.kind !== 'weighted-activations') throw new Error('expected a map');
      expect([...output.tensor.data]).toEqual([...factorization.maps[0]![best]!.data]);
    }
  });
});
