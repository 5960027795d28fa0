import { describe, expect, it } from 'vitest';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { SpatialTensor } from '../tensor.js';
import { conformanceInput, conformanceModel, seededRandom } from '../testing/conformance-model.js';
import { referenceBackend } from '../testing/reference-backend.js';
import { polynomialBackend, randomPolynomial } from './__fixtures__/polynomial-backend.js';
import { type IntegrationRule, integratedGradients, integrationPoints } from './integrated-gradients.js';

const shape = [2, 3, 4] as const;
const size = 24;
const inputOf = (batch: number, seed: number): SpatialTensor => {
  const random = seededRandom(seed);
  const data = Float32Array.from({ length: batch * size }, () => random());
  return { data, shape: [batch, ...shape], layout: 'nchw' };
};

/**
 * The rule's approximation of `integral_0^1 (b + alpha d)^2 dalpha` (exact: `b^2 + b d + d^2 / 3`): the mean of
 * `alpha` and of `alpha^2` under the rule's points and weights, in closed form.
 */
function squareIntegral(rule: IntegrationRule, steps: number, b: number, d: number): number {
  const n = steps;
  const [mean, meanSquare] = {
    'riemann-left': [(n - 1) / (2 * n), ((n - 1) * (2 * n - 1)) / (6 * n * n)],
    'riemann-right': [(n + 1) / (2 * n), ((n + 1) * (2 * n + 1)) / (6 * n * n)],
    'riemann-middle': [0.5, 1 / 3 - 1 / (12 * n * n)],
    'riemann-trapezoid': [0.5, 1 / 3 + 1 / (6 * (n - 1) * (n - 1))],
  }[rule] as [number, number];
  return b * b + 2 * b * d * mean + d * d * meanSquare;
}

describe('integratedGradients', () => {
  it('points and weights of every rule sum to 1 and lie in [0, 1]', () => {
    for (const rule of ['riemann-left', 'riemann-right', 'riemann-middle', 'riemann-trapezoid'] as const) {
      const { alphas, weights } = integrationPoints(rule, 7);
      expect(alphas).toHaveLength(7);
      expect(weights.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 12);
      expect(Math.min(...alphas)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...alphas)).toBeLessThanOrEqual(1);
    }
    expect(() => integrationPoints('riemann-trapezoid', 1)).toThrow(RangeError);
  });

  it('is exact for a quadratic model (linear gradient) with the midpoint and trapezoid rules: x^2 terms get a (x^2 - b^2)', async () => {
    const polynomial = randomPolynomial(3, size, 5, { quadratic: true, linear: true });
    const backend = polynomialBackend(polynomial, shape);
    const input = inputOf(2, 17);
    const baseline = 0.25;
    for (const rule of ['riemann-middle', 'riemann-trapezoid'] as const) {
      const result = await integratedGradients(
        backend,
        input,
        { kind: 'class', index: [1, 2] },
        { steps: 5, rule, baseline },
      );
      for (let n = 0; n < 2; n++) {
        const k = n + 1;
        for (let i = 0; i < size; i++) {
          const x = input.data[n * size + i]!;
          const expected =
            polynomial.quadratic[k]![i]! * (x * x - baseline * baseline) +
            polynomial.linear[k]![i]! * (x - baseline);
          expect(result.attributions.data[n * size + i]).toBeCloseTo(expected, 5);
        }
        expect(result.completeness[n]!.relativeError).toBeLessThan(1e-5);
      }
      expect(result.classIndices).toEqual([1, 2]);
    }
  });

  for (const rule of ['riemann-left', 'riemann-right', 'riemann-middle', 'riemann-trapezoid'] as const) {
    it(`gives the closed-form quadrature of a cubic model (${rule}), and its completeness error`, async () => {
      const polynomial = randomPolynomial(2, size, 9, { cubic: true });
      const backend = polynomialBackend(polynomial, shape);
      const input = inputOf(1, 3);
      const baselineData = Float32Array.from({ length: size }, (_, i) => 0.1 * Math.sin(i));
      const baseline: SpatialTensor = { data: baselineData, shape: [1, ...shape], layout: 'nchw' };
      const steps = 6;
      const result = await integratedGradients(
        backend,
        input,
        { kind: 'class', index: 1 },
        { steps, rule, baseline },
      );
      let sum = 0;
      let exactDifference = 0;
      for (let i = 0; i < size; i++) {
        const b = baselineData[i]!;
        const d = input.data[i]! - b;
        const c = polynomial.cubic[1]![i]!;
        const expected = d * 3 * c * squareIntegral(rule, steps, b, d);
        expect(result.attributions.data[i]).toBeCloseTo(expected, 5);
        sum += expected;
        exactDifference += c * ((b + d) ** 3 - b ** 3);
      }
      const { completeness } = result;
      expect(completeness[0]!.attributionSum).toBeCloseTo(sum, 4);
      expect(completeness[0]!.scoreDifference).toBeCloseTo(exactDifference, 4);
      expect(completeness[0]!.absoluteError).toBeCloseTo(Math.abs(sum - exactDifference), 4);
      // The baseline's score is always evaluated: one call at the input, then the points (plus alpha = 0).
      const points = backend.calls.slice(1).reduce((total, batch) => total + batch, 0);
      expect(points).toBe(steps + (rule === 'riemann-left' || rule === 'riemann-trapezoid' ? 0 : 1));
    });
  }

  it('converges on the piecewise-linear conformance model: completeness within 1% at 64 steps, batched as the backend allows', async () => {
    const model = conformanceModel();
    const backend = referenceBackend(model, { layout: 'nhwc', maxBatchSize: 10 });
    const input = conformanceInput(model, 2, 'nhwc', 77);
    const coarse = await integratedGradients(backend, input, { kind: 'top' }, { steps: 4 });
    const fine = await integratedGradients(backend, input, { kind: 'top' }, { steps: 64 });
    for (let n = 0; n < 2; n++) {
      expect(fine.completeness[n]!.relativeError).toBeLessThan(0.01);
      expect(fine.completeness[n]!.relativeError).toBeLessThan(coarse.completeness[n]!.relativeError + 1e-12);
      expect(Math.abs(fine.completeness[n]!.scoreDifference)).toBeGreaterThan(1e-3);
    }
    expect(fine.classIndices).toEqual(coarse.classIndices);
  });

  it('rejects a backend without input gradients and a baseline of another shape', async () => {
    const model = conformanceModel();
    const input = conformanceInput(model, 1, 'nchw', 1);
    await expect(
      integratedGradients(referenceBackend(model, { layout: 'nchw', optional: false }), input, {
        kind: 'top',
      }),
    ).rejects.toSatisfy(CapabilityNotSupportedError.isInstance);
    await expect(
      integratedGradients(
        referenceBackend(model, { layout: 'nchw' }),
        input,
        { kind: 'top' },
        {
          baseline: conformanceInput(model, 1, 'nhwc', 1),
        },
      ),
    ).rejects.toSatisfy(ShapeMismatchError.isInstance);
  });
});
