import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { mixSeed, SeededRandom } from '../math/seeded-random.js';
import type { SpatialTensor } from '../tensor.js';
import { polynomialBackend, randomPolynomial } from './__fixtures__/polynomial-backend.js';
import { smoothGrad } from './smooth-grad.js';

const shape = [1, 3, 4] as const;
const size = 12;
const input: SpatialTensor = {
  data: Float32Array.from({ length: 2 * size }, (_, i) => Math.cos(i * 1.7) * (1 + (i % 3))),
  shape: [2, ...shape],
  layout: 'nhwc',
};
const rangeOf = (values: Float32Array) => Math.max(...values) - Math.min(...values);

describe('smoothGrad', () => {
  it('for a quadratic model is the gradient at the mean noisy input, with the documented noise streams', async () => {
    const polynomial = randomPolynomial(3, size, 2, { quadratic: true, linear: true });
    const backend = polynomialBackend(polynomial, shape, 'nhwc', 7);
    const samples = 20;
    const result = await smoothGrad(backend, input, { kind: 'top' }, { samples, noiseLevel: 0.2, seed: 42 });
    for (let n = 0; n < 2; n++) {
      const values = input.data.subarray(n * size, (n + 1) * size);
      const std = 0.2 * rangeOf(values);
      expect(result.noiseStd[n]).toBeCloseTo(std, 6);
      const meanNoise = new Float64Array(size);
      for (let copy = 0; copy < samples; copy++) {
        const noise = new SeededRandom(mixSeed(42, n, copy));
        for (let i = 0; i < size; i++) meanNoise[i]! += (std * noise.gaussian()) / samples;
      }
      const k = result.classIndices[n]!;
      for (let i = 0; i < size; i++) {
        const expected =
          2 * polynomial.quadratic[k]![i]! * (values[i]! + meanNoise[i]!) + polynomial.linear[k]![i]!;
        expect(result.gradients.data[n * size + i]).toBeCloseTo(expected, 5);
      }
    }
    // Batches of at most the backend's maxBatchSize (7): one call at the input, then 3 per sample.
    expect(backend.calls).toEqual([2, 7, 7, 6, 7, 7, 6]);
  });

  it('for a cubic model approaches 3c (x^2 + sigma^2) (the expectation over the noise)', async () => {
    const polynomial = randomPolynomial(1, size, 8, { cubic: true });
    const backend = polynomialBackend(polynomial, shape, 'nhwc');
    const single: SpatialTensor = { data: input.data.slice(0, size), shape: [1, ...shape], layout: 'nhwc' };
    const samples = 4000;
    const result = await smoothGrad(
      backend,
      single,
      { kind: 'class', index: 0 },
      { samples, noiseLevel: 0.1, seed: 3 },
    );
    const sigma = result.noiseStd[0]!;
    for (let i = 0; i < size; i++) {
      const c = polynomial.cubic[0]![i]!;
      const x = single.data[i]!;
      const expected = 3 * c * (x * x + sigma * sigma);
      // Standard error of the mean of 3c (x + e)^2: 3|c| sqrt(4 x^2 sigma^2 + 2 sigma^4) / sqrt(samples).
      const standardError =
        (3 * Math.abs(c) * Math.sqrt(4 * x * x * sigma * sigma + 2 * sigma ** 4)) / Math.sqrt(samples);
      expect(Math.abs(result.gradients.data[i]! - expected)).toBeLessThan(4 * standardError + 1e-6);
    }
  });

  it('does not depend on the batching; another seed gives another result; noise 0 gives the plain gradient', async () => {
    const polynomial = randomPolynomial(2, size, 4);
    const a = await smoothGrad(
      polynomialBackend(polynomial, shape, 'nhwc', 3),
      input,
      { kind: 'top' },
      { samples: 8, seed: 1 },
    );
    const b = await smoothGrad(
      polynomialBackend(polynomial, shape, 'nhwc'),
      input,
      { kind: 'top' },
      { samples: 8, seed: 1 },
    );
    const c = await smoothGrad(
      polynomialBackend(polynomial, shape, 'nhwc'),
      input,
      { kind: 'top' },
      { samples: 8, seed: 2 },
    );
    expect(Array.from(a.gradients.data)).toEqual(Array.from(b.gradients.data));
    expect(Array.from(c.gradients.data)).not.toEqual(Array.from(a.gradients.data));
    const quiet = await smoothGrad(
      polynomialBackend(polynomial, shape, 'nhwc'),
      input,
      { kind: 'top' },
      { samples: 3, noiseLevel: 0 },
    );
    // The mean of equal float32 gradients is the gradient up to rounding: one ulp (9.5e-7 at 11.76 on this
    // polynomial), so the bound is relative rather than a fixed number of decimals.
    for (let i = 0; i < input.data.length; i++) {
      const plain = quiet.plainGradients.data[i]!;
      expect(Math.abs(quiet.gradients.data[i]! - plain)).toBeLessThanOrEqual(
        2 ** -22 * Math.max(Math.abs(plain), 1),
      );
    }
  });

  it('stops between batches when cancelled', async () => {
    const controller = new AbortController();
    const backend = polynomialBackend(randomPolynomial(1, size, 1), shape, 'nhwc', 2);
    const original = backend.forwardWithInputGradient!;
    backend.forwardWithInputGradient = async (request) => {
      if (backend.calls.length === 2) controller.abort('enough');
      return original(request);
    };
    await expect(
      smoothGrad(backend, input, { kind: 'top' }, { samples: 10, signal: controller.signal }),
    ).rejects.toSatisfy(AbortError.isInstance);
    expect(backend.calls.length).toBe(3);
  });
});
