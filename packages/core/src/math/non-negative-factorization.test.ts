import { describe, expect, it } from 'vitest';
import { nonNegativeFactorization } from './non-negative-factorization.js';
import { SeededRandom } from './seeded-random.js';

describe('nonNegativeFactorization', () => {
  it('recovers an exactly rank-3 non-negative matrix', () => {
    const generator = new SeededRandom(11);
    const random = () => generator.next();
    const rows = 8;
    const columns = 30;
    const k = 3;
    const w0 = Float64Array.from({ length: rows * k }, random);
    const h0 = Float64Array.from({ length: k * columns }, () => (random() < 0.4 ? 0 : random()));
    const v = new Float64Array(rows * columns);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < columns; j++)
        for (let a = 0; a < k; a++) v[i * columns + j]! += w0[i * k + a]! * h0[a * columns + j]!;
    // Multiplicative updates reach the exact zeros of h0 only sublinearly: on this matrix the relative error is
    // 1.2e-3 after 5000 iterations, 9.6e-4 after 20000 and 4.3e-4 after 50000.
    const factors = nonNegativeFactorization(v, rows, columns, k, { maxIterations: 50000, tolerance: 0 });
    expect(factors.relativeError).toBeLessThan(1e-3);
    expect(Math.min(...factors.w, ...factors.h)).toBeGreaterThanOrEqual(0);
    expect(() => nonNegativeFactorization(Float64Array.of(-1, 1), 1, 2, 1)).toThrow(/non-negative/);
    expect(() => nonNegativeFactorization(v, rows, columns, 9)).toThrow(RangeError);
  });
});
