/**
 * A symmetric sparse matrix `A` stored row by row: its diagonal, and the off-diagonal entries of each row split
 * into the strictly lower part (columns `< row`) and the strictly upper part (columns `> row`), in compressed
 * sparse row form: row `u`'s lower entries are `lowerColumn[e]`, `lowerValue[e]` for `e` in
 * `[lowerStart[u], lowerStart[u + 1])`, and likewise for the upper part. Both parts are stored because the
 * preconditioner sweeps them separately; symmetry (`A[u][v] = A[v][u]`) is the caller's promise.
 */
export interface SymmetricSparseMatrix {
  /** Number of rows (and columns). */
  readonly size: number;
  /** `A[u][u]`, all positive. */
  readonly diagonal: Float64Array;
  /** `size + 1` row offsets into `lowerColumn` / `lowerValue`. */
  readonly lowerStart: Int32Array;
  /** Column of each strictly lower entry. */
  readonly lowerColumn: Int32Array;
  /** Value of each strictly lower entry. */
  readonly lowerValue: Float64Array;
  /** `size + 1` row offsets into `upperColumn` / `upperValue`. */
  readonly upperStart: Int32Array;
  /** Column of each strictly upper entry. */
  readonly upperColumn: Int32Array;
  /** Value of each strictly upper entry. */
  readonly upperValue: Float64Array;
}

/** Options of {@link conjugateGradient}. */
export interface ConjugateGradientOptions {
  /** Stop when `||residual|| <= tolerance * ||rhs||`. */
  readonly tolerance: number;
  /** Most iterations. */
  readonly maxIterations: number;
  /** Relaxation factor of the SSOR preconditioner, in `(0, 2)`. @default 1.8 (fewest iterations on 224x224 ROAD holes) */
  readonly omega?: number;
}

/** Result of {@link conjugateGradient}. */
export interface ConjugateGradientResult {
  /** The solution. */
  readonly x: Float64Array;
  /** Iterations taken. */
  readonly iterations: number;
  /** `false` when the solve stopped at `maxIterations` before reaching the tolerance. */
  readonly converged: boolean;
}

/**
 * Solves `A x = rhs` for a symmetric positive definite sparse `A` by conjugate gradients from `x = 0`, with the
 * symmetric SOR preconditioner `M = (D/w + L) (D/w)^-1 (D/w + U)` (one forward and one backward Gauss-Seidel
 * sweep per iteration; the constant factor of `M` does not matter to conjugate gradients). ROAD's imputation
 * (`noisyLinearImputation`) uses it where the reference implementation calls a direct sparse solver: the same
 * solution up to the tolerance, without building a factorisation.
 *
 * @param matrix - `A`.
 * @param rhs - the right-hand side, `matrix.size` values.
 * @param options - tolerance, iteration cap and relaxation factor.
 */
export function conjugateGradient(
  matrix: SymmetricSparseMatrix,
  rhs: Float64Array,
  options: ConjugateGradientOptions,
): ConjugateGradientResult {
  const { tolerance, maxIterations, omega = 1.8 } = options;
  const n = rhs.length;
  const x = new Float64Array(n);
  const residual = Float64Array.from(rhs);
  const limit = tolerance * Math.sqrt(dot(rhs, rhs));
  if (limit === 0) return { x, iterations: 0, converged: true };
  const z = new Float64Array(n);
  precondition(matrix, omega, residual, z);
  const direction = Float64Array.from(z);
  const product = new Float64Array(n);
  let rz = dot(residual, z);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    multiply(matrix, direction, product);
    const alpha = rz / dot(direction, product);
    for (let index = 0; index < n; index++) {
      x[index]! += alpha * direction[index]!;
      residual[index]! -= alpha * product[index]!;
    }
    if (Math.sqrt(dot(residual, residual)) <= limit) return { x, iterations: iteration, converged: true };
    precondition(matrix, omega, residual, z);
    const next = dot(residual, z);
    const beta = next / rz;
    rz = next;
    for (let index = 0; index < n; index++) direction[index] = z[index]! + beta * direction[index]!;
  }
  return { x, iterations: maxIterations, converged: false };
}

/** `result = A * vector`. */
function multiply(matrix: SymmetricSparseMatrix, vector: Float64Array, result: Float64Array): void {
  const { size, diagonal, lowerStart, lowerColumn, lowerValue, upperStart, upperColumn, upperValue } = matrix;
  for (let u = 0; u < size; u++) {
    let sum = diagonal[u]! * vector[u]!;
    for (let entry = lowerStart[u]!; entry < lowerStart[u + 1]!; entry++) {
      sum += lowerValue[entry]! * vector[lowerColumn[entry]!]!;
    }
    for (let entry = upperStart[u]!; entry < upperStart[u + 1]!; entry++) {
      sum += upperValue[entry]! * vector[upperColumn[entry]!]!;
    }
    result[u] = sum;
  }
}

/** `z = M^-1 r` for the SSOR preconditioner: a forward then a backward Gauss-Seidel sweep. */
function precondition(
  matrix: SymmetricSparseMatrix,
  omega: number,
  residual: Float64Array,
  z: Float64Array,
): void {
  const { size, diagonal, lowerStart, lowerColumn, lowerValue, upperStart, upperColumn, upperValue } = matrix;
  for (let u = 0; u < size; u++) {
    let sum = residual[u]!;
    for (let entry = lowerStart[u]!; entry < lowerStart[u + 1]!; entry++) {
      sum -= lowerValue[entry]! * z[lowerColumn[entry]!]!;
    }
    z[u] = (omega * sum) / diagonal[u]!;
  }
  for (let u = size - 1; u >= 0; u--) {
    let sum = 0;
    for (let entry = upperStart[u]!; entry < upperStart[u + 1]!; entry++) {
      sum -= upperValue[entry]! * z[upperColumn[entry]!]!;
    }
    z[u]! += (omega * sum) / diagonal[u]!;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}
