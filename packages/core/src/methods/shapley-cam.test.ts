import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/v1/backend-v1.js';
import type { SpatialTensor } from '../tensor.js';
import type { CamContext } from './cam-method.js';
import { createShapleyCam } from './shapley-cam.js';

// A head with a closed-form Hessian: score_k(A) = w_k . A + q_k (v . A)^2 / 2, so the gradient is
// w_k + q_k (v . A) v and the Hessian-vector product along A is q_k (v . A) v.
const channels = 3;
const area = 4;
const size = channels * area;
const w = [0, 1].map((k) => Float64Array.from({ length: size }, (_, i) => Math.sin(i + 3 * k)));
const v = Float64Array.from({ length: size }, (_, i) => Math.cos(2 * i));
const q = [0.5, -1.5];
const A = Float64Array.from({ length: size }, (_, i) => 0.5 + 0.25 * Math.sin(5 * i));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>, offset = 0) => {
  let sum = 0;
  for (let i = 0; i < size; i++) sum += a[offset + i]! * b[i]!;
  return sum;
};
const score = (data: ArrayLike<number>, offset: number, k: number) =>
  dot(data, w[k]!, offset) + (q[k]! * dot(data, v, offset) ** 2) / 2;

const backend = {
  name: 'quadratic',
  capabilities: { gradients: true, forward: false, headFromActivations: true },
  headFromActivations: async ({ activations }: { activations: SpatialTensor }) => {
    const batch = activations.shape[0];
    const data = new Float32Array(batch * 2);
    for (let n = 0; n < batch; n++)
      for (let k = 0; k < 2; k++) data[n * 2 + k] = score(activations.data, n * size, k);
    return { data, shape: [batch, 2] as [number, number] };
  },
} as unknown as Backend;

describe('shapleycam', () => {
  it("gives mean(g) - mean(H A) / 2 of a quadratic head, H A by the head's central differences", async () => {
    const k = 1;
    const gradient = Float32Array.from(w[k]!, (value, i) => value + q[k]! * dot(A, v) * v[i]!);
    const context: CamContext = {
      backend,
      input: { data: new Float32Array(0), shape: [1, 1, 4, 4], layout: 'nchw' },
      layer: 'layer',
      scores: { data: Float32Array.of(score(A, 0, 0), score(A, 0, 1)), shape: [1, 2] },
      activations: { data: Float32Array.from(A), shape: [1, channels, 2, 2], layout: 'nchw' },
      gradients: { data: gradient, shape: [1, channels, 2, 2], layout: 'nchw' },
      targetWeights: Float32Array.of(0, 1),
    };
    const output = await createShapleyCam().compute(context);
    if (output.kind !== 'channel-weights') throw new Error('expected channel weights');
    let correction = 0;
    for (let c = 0; c < channels; c++) {
      let meanW = 0;
      let meanV = 0;
      for (let p = 0; p < area; p++) {
        meanW += w[k]![c * area + p]! / area;
        meanV += v[c * area + p]! / area;
      }
      // mean(g) = mean(w) + q (v.A) mean(v); minus half of mean(H A) = q (v.A) mean(v).
      const expected = meanW + 0.5 * q[k]! * dot(A, v) * meanV;
      expect(Math.abs(output.weights[c]! - expected)).toBeLessThan(2e-4);
      correction += Math.abs(output.weights[c]! - (meanW + q[k]! * dot(A, v) * meanV));
    }
    // Far from Grad-CAM's weights: the correction is measured, not ignored.
    expect(correction).toBeGreaterThan(0.02);
  });
});
