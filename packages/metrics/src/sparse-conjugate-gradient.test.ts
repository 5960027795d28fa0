import { SeededRandom } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { conjugateGradient, type SymmetricSparseMatrix } from './sparse-conjugate-gradient.js';

/** A random symmetric, strictly diagonally dominant (so positive definite) sparse matrix, dense and sparse. */
function randomSpd(size: number, seed: number): { dense: Float64Array[]; sparse: SymmetricSparseMatrix } {
  const random = new SeededRandom(seed);
  const dense = Array.from({ length: size }, () => new Float64Array(size));
  for (let u = 0; u < size; u++) {
    for (let v = 0; v < u; v++) {
      if (random.next() < 0.2) {
        const value = random.next() * 2 - 1;
        dense[u]![v] = value;
        dense[v]![u] = value;
      }
    }
  }
  for (let u = 0; u < size; u++) {
    let offDiagonal = 0;
    for (let v = 0; v < size; v++) if (v !== u) offDiagonal += Math.abs(dense[u]![v]!);
    dense[u]![u] = offDiagonal + 0.1 + random.next();
  }
  const lowerStart = new Int32Array(size + 1);
  const upperStart = new Int32Array(size + 1);
  const lowerColumn: number[] = [];
  const lowerValue: number[] = [];
  const upperColumn: number[] = [];
  const upperValue: number[] = [];
  for (let u = 0; u < size; u++) {
    for (let v = 0; v < size; v++) {
      const value = dense[u]![v]!;
      if (v === u || value === 0) continue;
      if (v < u) {
        lowerColumn.push(v);
        lowerValue.push(value);
      } else {
        upperColumn.push(v);
        upperValue.push(value);
      }
    }
    lowerStart[u + 1] = lowerColumn.length;
    upperStart[u + 1] = upperColumn.length;
  }
  return {
    dense,
    sparse: {
      size,
      diagonal: Float64Array.from(dense, (row, u) => row[u]!),
      lowerStart,
      lowerColumn: Int32Array.from(lowerColumn),
      lowerValue: Float64Array.from(lowerValue),
      upperStart,
      upperColumn: Int32Array.from(upperColumn),
      upperValue: Float64Array.from(upperValue),
    },
  };
}

/** Gaussian elimination with partial pivoting (float64), the reference solution. */
function denseSolve(matrix: readonly Float64Array[], rhs: Float64Array): Float64Array {
  const n = rhs.length;
  const a = matrix.map((row, u) => [...row, rhs[u]!]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++)
      if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    for (let row = column + 1; row < n; row++) {
      const factor = a[row]![column]! / a[column]![column]!;
      for (let k = column; k <= n; k++) a[row]![k]! -= factor * a[column]![k]!;
    }
  }
  const x = new Float64Array(n);
  for (let row = n - 1; row >= 0; row--) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * x[k]!;
    x[row] = sum / a[row]![row]!;
  }
  return x;
}

describe('conjugateGradient', () => {
  it.each([1, 0.7, 1.8])('matches a dense solve of a random sparse SPD system (omega %s)', (omega) => {
    const { dense, sparse } = randomSpd(60, 4);
    const random = new SeededRandom(5);
    const rhs = Float64Array.from({ length: 60 }, () => random.next() * 2 - 1);
    const expected = denseSolve(dense, rhs);
    const { x, converged, iterations } = conjugateGradient(sparse, rhs, {
      tolerance: 1e-12,
      maxIterations: 200,
      omega,
    });
    expect(converged).toBe(true);
    expect(iterations).toBeGreaterThan(1);
    for (let u = 0; u < 60; u++) expect(x[u]).toBeCloseTo(expected[u]!, 9);
  });

  it('returns zero for a zero right-hand side and reports a solve cut short', () => {
    const { sparse } = randomSpd(30, 6);
    const zero = conjugateGradient(sparse, new Float64Array(30), { tolerance: 1e-8, maxIterations: 10 });
    expect(zero).toEqual({ x: new Float64Array(30), iterations: 0, converged: true });
    const rhs = Float64Array.from({ length: 30 }, (_, u) => Math.sin(u));
    const short = conjugateGradient(sparse, rhs, { tolerance: 1e-14, maxIterations: 1 });
    expect(short).toMatchObject({ iterations: 1, converged: false });
  });
});
