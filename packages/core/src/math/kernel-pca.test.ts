import { describe, expect, it } from 'vitest';
import type { SpatialTensor } from '../tensor.js';
import { firstPrincipalComponent } from './first-principal-component.js';
import { kernelPcaProjection, largestEigenpair } from './kernel-pca.js';
import { SeededRandom } from './seeded-random.js';

function randomTensor(seed: number, shape: [number, number, number, number]): SpatialTensor {
  const random = new SeededRandom(seed);
  const count = shape.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: count }, () => random.next());
  return { data, shape, layout: 'nchw' };
}

describe('kernelPcaProjection', () => {
  it('with the linear kernel is the principal-component projection (up to sign)', () => {
    const tensor = randomTensor(3, [2, 6, 5, 4]);
    const kernel = kernelPcaProjection(tensor, { kernel: 'linear' });
    const linear = firstPrincipalComponent(tensor);
    for (let n = 0; n < 2; n++) {
      const a = kernel[n]!.data;
      const b = linear[n]!.data;
      const sign = Math.sign(a.reduce((sum, value, i) => sum + value * b[i]!, 0));
      const scale = Math.max(...b.map(Math.abs));
      a.forEach((value, i) => expect(Math.abs(sign * value - b[i]!) / scale).toBeLessThan(1e-5));
      // scikit-learn's sign convention: the entry of largest magnitude is positive.
      const peak = a.reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
      expect(peak).toBeGreaterThan(0);
    }
  });

  it('finds the largest algebraic eigenvalue even when a negative one dominates', () => {
    // Eigenvalues 2, -5, 1 in a rotated basis.
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const q = [c, -s, 0, s, c, 0, 0, 0, 1];
    const d = [2, -5, 1];
    const m = new Float64Array(9);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 3; k++) m[i * 3 + j]! += q[i * 3 + k]! * d[k]! * q[j * 3 + k]!;
    const { value, vector } = largestEigenpair(m, 3);
    expect(value).toBeCloseTo(2, 10);
    expect(Math.abs(vector[0]! * c + vector[1]! * s)).toBeCloseTo(1, 10);
  });
});
