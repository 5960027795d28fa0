import { describe, expect, it } from 'vitest';
import { nonNegativeFactorization } from './non-negative-factorization.js';

describe('nonNegativeFactorization', () => {
  it('recovers an exactly rank-3 non-negative matrix', () => {
    let state = 11;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const rows = 8;
    const columns = 30;
    const k = 3;
    const w0 = Float64Array.from({ length: rows * k }, random);
    const h0 = Float64Array.from({ length: k * columns }, () => (random() < 0.4 ? 0 : random()));
    const v = new Float64Array(rows * columns);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < columns; j++)
        for (let a = 0; a < k; a++) v[i * columns + j]! += w0[i * k + a]! * h0[a * columns + j]!;
    const factors = nonNegativeFactorization(v, rows, columns, k, { maxIterations: 5000, tolerance: 0 });
    expect(factors.relativeError).toBeLessThan(1e-3);
    expect(Math.min(...factors.w, ...factors.h)).toBeGreaterThanOrEqual(0);
    expect(() => nonNegativeFactorization(Float64Array.of(-1, 1), 1, 2, 1)).toThrow(/non-negative/);
    expect(() => nonNegativeFactorization(v, rows, columns, 9)).toThrow(RangeError);
  });
});
