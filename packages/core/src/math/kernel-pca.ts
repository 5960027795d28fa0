import { type HeatMap, type SpatialTensor, spatialDimensions } from '../tensor.js';
import { centredActivations } from './centred-activations.js';

/** A kernel of {@link kernelPcaProjection}, with scikit-learn's `KernelPCA` defaults. */
export type PcaKernel = 'sigmoid' | 'rbf' | 'poly' | 'linear' | 'cosine';

/** Options of {@link kernelPcaProjection}. */
export interface KernelPcaOptions {
  /** The kernel. @default 'sigmoid' */
  readonly kernel?: PcaKernel;
  /** The kernel's `gamma` (sigmoid, rbf, poly). @default 1 / channels */
  readonly gamma?: number;
  /** The kernel's `coef0` (sigmoid, poly). @default 1 */
  readonly coef0?: number;
  /** The degree of the polynomial kernel. @default 3 */
  readonly degree?: number;
}

/**
 * Per sample, the projection of the pixels on the first kernel principal component, as KPCA-CAM computes it
 * (pytorch-grad-cam's `get_2d_projection_kernel`, scikit-learn's `KernelPCA(n_components=1)`): the `[H*W, C]`
 * activations are centred per channel, the `H*W x H*W` kernel matrix is double-centred, and the projection is
 * `sqrt(lambda) * u` for its largest eigenvalue `lambda` and unit eigenvector `u`, signed so that `u`'s entry of
 * largest magnitude is positive (scikit-learn's `svd_flip`). NaNs count as 0. Kernels (x, y pixel vectors):
 * sigmoid `tanh(gamma x.y + coef0)`, rbf `exp(-gamma |x - y|^2)`, poly `(gamma x.y + coef0)^degree`, linear
 * `x.y`, cosine `x.y / (|x| |y|)`.
 *
 * Computed in double precision with a restarted Lanczos iteration (the centred kernel can have large negative
 * eigenvalues, which plain power iteration would find first). Memory and time grow with `(H*W)^2`.
 */
export function kernelPcaProjection(tensor: SpatialTensor, options: KernelPcaOptions = {}): HeatMap[] {
  const { batch, channels, height, width } = spatialDimensions(tensor.shape, tensor.layout);
  const area = height * width;
  const kernel = options.kernel ?? 'sigmoid';
  const gamma = options.gamma ?? 1 / channels;
  const coef0 = options.coef0 ?? 1;
  const degree = options.degree ?? 3;
  const maps: HeatMap[] = [];
  for (let n = 0; n < batch; n++) {
    const x = centredActivations(tensor, n).matrix;
    const norms = new Float64Array(area);
    for (let i = 0; i < area; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += x[i * channels + c]! ** 2;
      norms[i] = sum;
    }
    const gram = new Float64Array(area * area);
    for (let i = 0; i < area; i++) {
      for (let j = i; j < area; j++) {
        let dot = 0;
        for (let c = 0; c < channels; c++) dot += x[i * channels + c]! * x[j * channels + c]!;
        let value: number;
        switch (kernel) {
          case 'sigmoid':
            value = Math.tanh(gamma * dot + coef0);
            break;
          case 'rbf':
            value = Math.exp(-gamma * Math.max(norms[i]! + norms[j]! - 2 * dot, 0));
            break;
          case 'poly':
            value = (gamma * dot + coef0) ** degree;
            break;
          case 'linear':
            value = dot;
            break;
          case 'cosine': {
            const scale = Math.sqrt(norms[i]! * norms[j]!);
            value = scale > 0 ? dot / scale : 0;
            break;
          }
          default:
            throw new RangeError(
              `Unknown kernel "${kernel as string}": sigmoid, rbf, poly, linear or cosine.`,
            );
        }
        gram[i * area + j] = value;
        gram[j * area + i] = value;
      }
    }
    centreKernel(gram, area);
    const { value, vector } = largestEigenpair(gram, area);
    let peak = 0;
    for (let i = 0; i < area; i++) if (Math.abs(vector[i]!) > Math.abs(peak)) peak = vector[i]!;
    const scale = Math.sqrt(Math.max(value, 0)) * (peak < 0 ? -1 : 1);
    maps.push({ data: Float32Array.from(vector, (v) => v * scale), height, width });
  }
  return maps;
}

/** `K - 1K - K1 + 1K1` in place (scikit-learn's `KernelCenterer`). */
function centreKernel(gram: Float64Array, size: number): void {
  const rowMeans = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    let sum = 0;
    for (let j = 0; j < size; j++) sum += gram[i * size + j]!;
    rowMeans[i] = sum / size;
    total += sum;
  }
  total /= size * size;
  // Symmetric: column means equal row means.
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) gram[i * size + j]! += total - rowMeans[i]! - rowMeans[j]!;
  }
}

function multiply(matrix: Float64Array, size: number, vector: Float64Array, out: Float64Array): void {
  for (let i = 0; i < size; i++) {
    let sum = 0;
    const row = i * size;
    for (let j = 0; j < size; j++) sum += matrix[row + j]! * vector[j]!;
    out[i] = sum;
  }
}

/**
 * The largest (algebraic) eigenvalue of a symmetric matrix and its unit eigenvector: Lanczos with full
 * reorthogonalisation, restarted from the Ritz vector until the residual is below `1e-10 * |lambda|`.
 */
export function largestEigenpair(
  matrix: Float64Array,
  size: number,
  options: { readonly steps?: number; readonly restarts?: number } = {},
): { value: number; vector: Float64Array } {
  const steps = Math.min(options.steps ?? 40, size);
  const restarts = options.restarts ?? 50;
  let start = new Float64Array(size);
  for (let i = 0; i < size; i++) start[i] = 1 + 1e-3 * ((i % 7) + 1);
  let value = 0;
  const work = new Float64Array(size);
  for (let restart = 0; restart < restarts; restart++) {
    const basis: Float64Array[] = [];
    const alphas: number[] = [];
    const betas: number[] = [];
    let q = start.slice();
    normalise(q);
    for (let step = 0; step < steps; step++) {
      basis.push(q);
      multiply(matrix, size, q, work);
      const w = work.slice();
      const alpha = dot(w, q);
      alphas.push(alpha);
      for (const previous of basis) {
        const projection = dot(w, previous);
        for (let i = 0; i < size; i++) w[i]! -= projection * previous[i]!;
      }
      const beta = Math.sqrt(dot(w, w));
      if (step === steps - 1 || beta < 1e-12 * Math.max(Math.abs(alpha), 1)) break;
      betas.push(beta);
      q = w.map((v) => v / beta);
    }
    const m = alphas.length;
    const tridiagonal = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      tridiagonal[i * m + i] = alphas[i]!;
      if (i + 1 < m) {
        tridiagonal[i * m + i + 1] = betas[i]!;
        tridiagonal[(i + 1) * m + i] = betas[i]!;
      }
    }
    const { values, vectors } = jacobiEigen(tridiagonal, m);
    let best = 0;
    for (let i = 1; i < m; i++) if (values[i]! > values[best]!) best = i;
    value = values[best]!;
    const ritz = new Float64Array(size);
    for (let k = 0; k < m; k++) {
      const coefficient = vectors[k * m + best]!;
      for (let i = 0; i < size; i++) ritz[i]! += coefficient * basis[k]![i]!;
    }
    normalise(ritz);
    multiply(matrix, size, ritz, work);
    let residual = 0;
    for (let i = 0; i < size; i++) residual += (work[i]! - value * ritz[i]!) ** 2;
    start = ritz;
    if (Math.sqrt(residual) <= 1e-10 * Math.max(Math.abs(value), 1e-300)) break;
  }
  return { value, vector: start };
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a small symmetric matrix by cyclic Jacobi rotations. */
function jacobiEigen(input: Float64Array, size: number): { values: Float64Array; vectors: Float64Array } {
  const a = input.slice();
  const vectors = new Float64Array(size * size);
  for (let i = 0; i < size; i++) vectors[i * size + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) off += a[p * size + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q]!;
        if (apq === 0) continue;
        const theta = (a[q * size + q]! - a[p * size + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p]!;
          const akq = a[k * size + q]!;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k]!;
          const aqk = a[q * size + k]!;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = vectors[k * size + p]!;
          const vkq = vectors[k * size + q]!;
          vectors[k * size + p] = c * vkp - s * vkq;
          vectors[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: size }, (_, i) => a[i * size + i]!), vectors };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function normalise(vector: Float64Array): void {
  const norm = Math.sqrt(dot(vector, vector));
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
}
