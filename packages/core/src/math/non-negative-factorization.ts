import { SeededRandom } from './seeded-random.js';

/** Options of {@link nonNegativeFactorization}. */
export interface NonNegativeFactorizationOptions {
  /** Multiplicative-update iterations at most (scikit-learn's `max_iter`). @default 200 */
  readonly maxIterations?: number;
  /** Stop when the relative decrease of the error over 10 iterations is below this (scikit-learn's `tol`). @default 1e-4 */
  readonly tolerance?: number;
  /** Seed of the random initialisation. @default 0 */
  readonly seed?: number;
}

/** A factorisation `V ~ W H` with `W: [rows, components]`, `H: [components, columns]`, both non-negative. */
export interface NonNegativeFactors {
  readonly w: Float64Array;
  readonly h: Float64Array;
  readonly rows: number;
  readonly columns: number;
  readonly components: number;
  /** `|V - W H|_F / |V|_F` at the end. */
  readonly relativeError: number;
}

/**
 * Non-negative matrix factorisation of a `[rows, columns]` row-major non-negative matrix by Lee and Seung's
 * multiplicative updates for the Frobenius norm, initialised like scikit-learn's `init='random'` (uniform,
 * scaled to `sqrt(mean(V) / components)`) from a seeded generator. Double precision.
 *
 * @throws {RangeError} for a negative entry or a component count outside `[1, min(rows, columns)]`.
 */
export function nonNegativeFactorization(
  v: ArrayLike<number>,
  rows: number,
  columns: number,
  components: number,
  options: NonNegativeFactorizationOptions = {},
): NonNegativeFactors {
  if (!(Number.isInteger(components) && components >= 1 && components <= Math.min(rows, columns))) {
    throw new RangeError(
      `components must be an integer in [1, ${Math.min(rows, columns)}], got ${components}.`,
    );
  }
  let mean = 0;
  for (let i = 0; i < rows * columns; i++) {
    if (!(v[i]! >= 0)) throw new RangeError(`The matrix must be non-negative; entry ${i} is ${v[i]}.`);
    mean += v[i]!;
  }
  mean /= rows * columns;
  const random = new SeededRandom(options.seed ?? 0);
  const scale = Math.sqrt(mean / components) || 1e-3;
  const w = Float64Array.from({ length: rows * components }, () => scale * random.next());
  const h = Float64Array.from({ length: components * columns }, () => scale * random.next());
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-4;
  const eps = 1e-12;
  let norm = 0;
  for (let i = 0; i < rows * columns; i++) norm += v[i]! ** 2;
  norm = Math.sqrt(norm) || 1;
  const k = components;
  let previous = Number.POSITIVE_INFINITY;
  let error = relativeError();
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    // H <- H * (W^T V) / (W^T W H)
    const wtw = gram(w, rows, k);
    const wtv = new Float64Array(k * columns);
    for (let i = 0; i < rows; i++) {
      for (let a = 0; a < k; a++) {
        const weight = w[i * k + a]!;
        if (weight === 0) continue;
        for (let j = 0; j < columns; j++) wtv[a * columns + j]! += weight * v[i * columns + j]!;
      }
    }
    for (let a = 0; a < k; a++) {
      for (let j = 0; j < columns; j++) {
        const numerator = wtv[a * columns + j]!;
        let denominator = 0;
        for (let b = 0; b < k; b++) denominator += wtw[a * k + b]! * h[b * columns + j]!;
        h[a * columns + j]! *= numerator / (denominator + eps);
      }
    }
    // W <- W * (V H^T) / (W H H^T)
    const hht = new Float64Array(k * k);
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) {
        let sum = 0;
        for (let j = 0; j < columns; j++) sum += h[a * columns + j]! * h[b * columns + j]!;
        hht[a * k + b] = sum;
      }
    for (let i = 0; i < rows; i++) {
      const row = new Float64Array(k);
      for (let a = 0; a < k; a++) {
        let numerator = 0;
        for (let j = 0; j < columns; j++) numerator += v[i * columns + j]! * h[a * columns + j]!;
        let denominator = 0;
        for (let b = 0; b < k; b++) denominator += w[i * k + b]! * hht[b * k + a]!;
        row[a] = w[i * k + a]! * (numerator / (denominator + eps));
      }
      w.set(row, i * k);
    }
    if (iteration % 10 === 9) {
      error = relativeError();
      if (previous - error < tolerance * previous) break;
      previous = error;
    }
  }
  error = relativeError();
  return { w, h, rows, columns, components, relativeError: error };

  function relativeError(): number {
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++) {
        let product = 0;
        for (let a = 0; a < k; a++) product += w[i * k + a]! * h[a * columns + j]!;
        sum += (v[i * columns + j]! - product) ** 2;
      }
    }
    return Math.sqrt(sum) / norm;
  }
}

function gram(w: Float64Array, rows: number, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < rows; i++)
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[a * k + b]! += w[i * k + a]! * w[i * k + b]!;
  return out;
}
