import { type HeatMap, type SpatialTensor, spatialDimensions } from '../tensor.js';
import { centredActivations } from './centred-activations.js';

/** Options of {@link firstPrincipalComponent}. */
export interface PrincipalComponentOptions {
  /** Power-iteration steps at most. @default 500 */
  readonly maxIterations?: number;
  /** Stop when the eigenvector changes by less than this (L2). @default 1e-10 */
  readonly tolerance?: number;
}

/**
 * Per sample, the projection of the activations on their first principal component, as Eigen-CAM computes it
 * (pytorch-grad-cam's `get_2d_projection`): the `[H*W, C]` matrix of activations is centred per channel,
 * `projection = X_centred @ v` where `v` is the first right singular vector. NaNs count as 0.
 *
 * **Sign.** A singular vector's sign is arbitrary (the anchor library does not fix it, so its maps can come out
 * negated). Here the sign is fixed so that the projection correlates positively with the channel-sum of the
 * un-centred activations (the plain "how much is active here" map): the map then highlights where the layer is
 * most active, which is Eigen-CAM's intent, and the result is deterministic.
 *
 * Computed by power iteration on the smaller of the two Gram matrices (`C x C` or `HW x HW`) in double precision.
 */
export function firstPrincipalComponent(
  tensor: SpatialTensor,
  options: PrincipalComponentOptions = {},
): HeatMap[] {
  const { batch, channels, height, width } = spatialDimensions(tensor.shape, tensor.layout);
  const area = height * width;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-10;
  const maps: HeatMap[] = [];
  for (let n = 0; n < batch; n++) {
    // X: [area, channels], centred per channel.
    const { matrix: x, pixelSums: activity } = centredActivations(tensor, n);
    const projection =
      channels <= area ? projectViaChannels(x, area, channels) : projectViaPixels(x, area, channels);
    let correlation = 0;
    for (let pixel = 0; pixel < area; pixel++) correlation += projection[pixel]! * activity[pixel]!;
    const sign = correlation < 0 ? -1 : 1;
    maps.push({ data: Float32Array.from(projection, (value) => sign * value), height, width });
  }
  return maps;

  function topEigenvector(gram: Float64Array, size: number): Float64Array {
    let vector = new Float64Array(size);
    // Deterministic start that is not orthogonal to the top eigenvector in practice: the diagonal.
    for (let i = 0; i < size; i++)
      vector[i] = Math.sqrt(Math.abs(gram[i * size + i]!)) + 1e-3 * ((i % 7) + 1);
    normalise(vector);
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      const next = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        let sum = 0;
        const row = i * size;
        for (let j = 0; j < size; j++) sum += gram[row + j]! * vector[j]!;
        next[i] = sum;
      }
      if (normalise(next) === 0) return next;
      let change = 0;
      for (let i = 0; i < size; i++) change += (next[i]! - vector[i]!) ** 2;
      vector = next;
      if (change < tolerance * tolerance) break;
    }
    return vector;
  }

  function projectViaChannels(x: Float64Array, rows: number, columns: number): Float64Array {
    const gram = new Float64Array(columns * columns);
    for (let r = 0; r < rows; r++) {
      const offset = r * columns;
      for (let i = 0; i < columns; i++) {
        const xi = x[offset + i]!;
        if (xi === 0) continue;
        for (let j = i; j < columns; j++) gram[i * columns + j]! += xi * x[offset + j]!;
      }
    }
    for (let i = 0; i < columns; i++)
      for (let j = 0; j < i; j++) gram[i * columns + j] = gram[j * columns + i]!;
    const v = topEigenvector(gram, columns);
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let c = 0; c < columns; c++) sum += x[r * columns + c]! * v[c]!;
      out[r] = sum;
    }
    return out;
  }

  function projectViaPixels(x: Float64Array, rows: number, columns: number): Float64Array {
    // X X^T u = s^2 u, and X v = s u: the projection is s * u.
    const gram = new Float64Array(rows * rows);
    for (let i = 0; i < rows; i++) {
      for (let j = i; j < rows; j++) {
        let sum = 0;
        for (let c = 0; c < columns; c++) sum += x[i * columns + c]! * x[j * columns + c]!;
        gram[i * rows + j] = sum;
        gram[j * rows + i] = sum;
      }
    }
    const u = topEigenvector(gram, rows);
    let eigenvalue = 0;
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      for (let j = 0; j < rows; j++) sum += gram[i * rows + j]! * u[j]!;
      eigenvalue += u[i]! * sum;
    }
    const singular = Math.sqrt(Math.max(eigenvalue, 0));
    return u.map((value) => value * singular);
  }
}

function normalise(vector: Float64Array): number {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return norm;
}
