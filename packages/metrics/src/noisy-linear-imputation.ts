import { mixSeed, SeededRandom, ShapeMismatchError, type SpatialTensor } from '@gradcam/core';
import { type SampleGeometry, sampleGeometry } from './sample-geometry.js';
import { conjugateGradient, type SymmetricSparseMatrix } from './sparse-conjugate-gradient.js';

/**
 * The neighbours of a pixel and their weights in ROAD's `NoisyLinearImputer`: `1/6` for the four direct
 * neighbours, `1/12` for the four diagonal ones, as `[dy, dx, weight]`.
 */
export const ROAD_NEIGHBOUR_WEIGHTS: readonly (readonly [number, number, number])[] = Object.freeze([
  [-1, -1, 1 / 12],
  [-1, 0, 1 / 6],
  [-1, 1, 1 / 12],
  [0, -1, 1 / 6],
  [0, 1, 1 / 6],
  [1, -1, 1 / 12],
  [1, 0, 1 / 6],
  [1, 1, 1 / 12],
] as const);

/** Options of {@link noisyLinearImputation} (and of the imputation inside `road`). */
export interface NoisyLinearImputationOptions {
  /** Standard deviation of the Gaussian noise added to each imputed value (absolute). @default 0.01 */
  readonly noise?: number;
  /** Seed of the noise (a deterministic generator: the same seed gives the same values). @default 0 */
  readonly seed?: number;
  /** The conjugate-gradient solve stops when `||residual|| <= tolerance * ||right-hand side||`. @default 1e-8 */
  readonly tolerance?: number;
  /** Most conjugate-gradient iterations per solve. @default the number of removed pixels plus 100 */
  readonly maxIterations?: number;
}

/** Result of {@link noisyLinearImputation}. */
export interface NoisyLinearImputationResult {
  /** The input with the removed pixels imputed (same shape and layout, a new buffer). */
  readonly output: SpatialTensor;
  /** The most conjugate-gradient iterations any one solve (sample and channel) took. */
  readonly iterations: number;
  /** `false` when some solve stopped at `maxIterations` before reaching the tolerance. */
  readonly converged: boolean;
}

/** Validated imputation settings, with the noise source. */
export interface ImputationSettings {
  /** Noise standard deviation. */
  readonly noise: number;
  /** Standard normal numbers (used only when `noise > 0`). */
  readonly gaussian: () => number;
  /** Relative residual tolerance. */
  readonly tolerance: number;
  /** Iteration cap per solve, or `undefined` for the default. */
  readonly maxIterations: number | undefined;
}

/** How one sample's imputation went. */
export interface ImputationReport {
  /** The most iterations one channel's solve took. */
  readonly iterations: number;
  /** Every channel's solve reached the tolerance. */
  readonly converged: boolean;
}

/**
 * Standard normal numbers from `seed` (a {@link SeededRandom} of its own).
 *
 * @param seed - the stream's seed.
 */
export function gaussianStream(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.gaussian();
}

/**
 * Checks the numeric imputation options and returns them with their defaults (the noise source aside).
 *
 * @param options - the options.
 * @param context - prefix of error messages.
 * @throws `RangeError` for a negative or non-finite noise, a non-positive tolerance, a bad iteration cap or seed.
 */
export function checkImputationOptions(
  options: NoisyLinearImputationOptions,
  context: string,
): { noise: number; seed: number; tolerance: number; maxIterations: number | undefined } {
  const { noise = 0.01, seed = 0, tolerance = 1e-8, maxIterations } = options;
  if (!(Number.isFinite(noise) && noise >= 0)) {
    throw new RangeError(`${context}: noise must be a finite number >= 0, got ${noise}.`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`${context}: seed must be a finite number, got ${seed}.`);
  if (!(Number.isFinite(tolerance) && tolerance > 0)) {
    throw new RangeError(`${context}: tolerance must be a positive number, got ${tolerance}.`);
  }
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations > 0)) {
    throw new RangeError(`${context}: maxIterations must be a positive integer, got ${maxIterations}.`);
  }
  return { noise, seed, tolerance, maxIterations };
}

/**
 * ROAD's noisy linear imputation (Rong et al., ICML 2022, `NoisyLinearImputer`): every removed pixel takes the
 * weighted mean of its 8 neighbours that lie inside the image (weights {@link ROAD_NEIGHBOUR_WEIGHTS},
 * renormalised at the border), where removed neighbours are themselves unknowns. This is a sparse symmetric
 * positive definite linear system over the removed pixels, solved per channel by conjugate gradients with a
 * symmetric SOR preconditioner (ROAD solves it directly with `spsolve`: same solution, up to the tolerance).
 * Removing 90% of a 3x224x224 image takes about a second. Gaussian noise of standard deviation `noise` is then
 * added to every imputed value; kept pixels are unchanged.
 *
 * @param input - the batch (any layout).
 * @param removed - which pixels to impute, non-zero meaning removed: `batch * height * width` values (one mask
 * per sample) or `height * width` (the same mask for every sample).
 * @param options - noise, seed and solver settings.
 * @throws `ShapeMismatchError` when `removed` or `input.data` has the wrong length; `RangeError` for bad options
 * or when every pixel of a sample is removed (nothing to interpolate from).
 */
export function noisyLinearImputation(
  input: SpatialTensor,
  removed: ArrayLike<number | boolean>,
  options: NoisyLinearImputationOptions = {},
): NoisyLinearImputationResult {
  const settings = checkImputationOptions(options, 'noisyLinearImputation');
  const geometry = sampleGeometry(input.shape, input.layout);
  const batch = input.shape[0];
  if (input.data.length !== batch * geometry.size) {
    throw new ShapeMismatchError(
      `noisyLinearImputation: the input has ${input.data.length} values but its shape [${input.shape.join(', ')}] needs ${batch * geometry.size}.`,
      { expected: input.shape, actual: [input.data.length] },
    );
  }
  const shared = removed.length === geometry.pixels;
  if (!shared && removed.length !== batch * geometry.pixels) {
    throw new ShapeMismatchError(
      `noisyLinearImputation: removed has ${removed.length} values; expected ${geometry.pixels} (height * width) ` +
        `or ${batch * geometry.pixels} (batch * height * width).`,
      { expected: [batch, geometry.height, geometry.width], actual: [removed.length] },
    );
  }
  const data = new Float32Array(input.data.length);
  let iterations = 0;
  let converged = true;
  for (let sample = 0; sample < batch; sample++) {
    const mask = new Uint8Array(geometry.pixels);
    const offset = shared ? 0 : sample * geometry.pixels;
    for (let pixel = 0; pixel < geometry.pixels; pixel++) mask[pixel] = removed[offset + pixel] ? 1 : 0;
    const report = imputeSample(
      input.data.subarray(sample * geometry.size, (sample + 1) * geometry.size),
      mask,
      geometry,
      data.subarray(sample * geometry.size, (sample + 1) * geometry.size),
      { ...settings, gaussian: gaussianStream(mixSeed(settings.seed, sample)) },
    );
    iterations = Math.max(iterations, report.iterations);
    converged &&= report.converged;
  }
  return { output: { data, shape: input.shape, layout: input.layout }, iterations, converged };
}

/**
 * Imputes the removed pixels of one sample (see {@link noisyLinearImputation}) and writes the result into
 * `out`. Noise is drawn channel by channel, removed pixels in index order.
 *
 * @param source - the sample (`geometry.size` values).
 * @param removed - `geometry.pixels` flags, `1` for removed.
 * @param geometry - the sample's geometry.
 * @param out - receives the imputed sample; must not overlap `source`.
 * @param settings - noise and solver settings.
 * @throws `RangeError` when every pixel is removed.
 */
export function imputeSample(
  source: Float32Array,
  removed: Uint8Array,
  geometry: SampleGeometry,
  out: Float32Array,
  settings: ImputationSettings,
): ImputationReport {
  const { channels, height, width, pixels, pixelStride, channelStride } = geometry;
  out.set(source);
  const unknownOf = new Int32Array(pixels).fill(-1);
  const pixelOf: number[] = [];
  for (let pixel = 0; pixel < pixels; pixel++) {
    if (removed[pixel]) {
      unknownOf[pixel] = pixelOf.length;
      pixelOf.push(pixel);
    }
  }
  const unknowns = pixelOf.length;
  if (unknowns === 0) return { iterations: 0, converged: true };
  if (unknowns === pixels) {
    throw new RangeError(
      `Cannot impute a ${height}x${width} image with every pixel removed: there is no known pixel to interpolate from.`,
    );
  }

  // The system: diagonal[u] * x[u] - sum over removed neighbours v of w * x[v] = sum over kept neighbours of
  // w * value. Every group of removed pixels touches a kept one (not all are removed), so it is positive definite.
  const system = buildSystem(pixelOf, unknownOf, height, width);
  const maxIterations = settings.maxIterations ?? unknowns + 100;
  const rhs = new Float64Array(unknowns);
  let iterations = 0;
  let converged = true;
  for (let c = 0; c < channels; c++) {
    const base = c * channelStride;
    const { knownStart, knownPixel, knownWeight } = system;
    for (let u = 0; u < unknowns; u++) {
      let sum = 0;
      for (let entry = knownStart[u]!; entry < knownStart[u + 1]!; entry++) {
        sum += knownWeight[entry]! * source[base + knownPixel[entry]! * pixelStride]!;
      }
      rhs[u] = sum;
    }
    const solution = conjugateGradient(system, rhs, { tolerance: settings.tolerance, maxIterations });
    iterations = Math.max(iterations, solution.iterations);
    converged &&= solution.converged;
    for (let u = 0; u < unknowns; u++) {
      const noise = settings.noise > 0 ? settings.noise * settings.gaussian() : 0;
      out[base + pixelOf[u]! * pixelStride] = solution.x[u]! + noise;
    }
  }
  return { iterations, converged };
}

/**
 * The imputation system `A x = b` over the removed pixels (unknowns numbered in pixel order): `A[u][u]` is the
 * sum of the weights of `u`'s in-image neighbours, `A[u][v] = -w` for a removed neighbour `v`; `b[u]` sums `w *
 * value` over the kept neighbours (`known*` rows).
 */
interface ImputationSystem extends SymmetricSparseMatrix {
  readonly knownStart: Int32Array;
  readonly knownPixel: Int32Array;
  readonly knownWeight: Float64Array;
}

function buildSystem(
  pixelOf: readonly number[],
  unknownOf: Int32Array,
  height: number,
  width: number,
): ImputationSystem {
  const size = pixelOf.length;
  const slots = ROAD_NEIGHBOUR_WEIGHTS.length;
  const diagonal = new Float64Array(size);
  const lowerStart = new Int32Array(size + 1);
  const upperStart = new Int32Array(size + 1);
  const knownStart = new Int32Array(size + 1);
  const lowerColumn = new Int32Array(size * slots);
  const upperColumn = new Int32Array(size * slots);
  const knownPixel = new Int32Array(size * slots);
  const lowerValue = new Float64Array(size * slots);
  const upperValue = new Float64Array(size * slots);
  const knownWeight = new Float64Array(size * slots);
  let lower = 0;
  let upper = 0;
  let known = 0;
  for (let u = 0; u < size; u++) {
    const pixel = pixelOf[u]!;
    const y = Math.floor(pixel / width);
    const x = pixel - y * width;
    for (const [dy, dx, weight] of ROAD_NEIGHBOUR_WEIGHTS) {
      const yy = y + dy;
      const xx = x + dx;
      if (yy < 0 || yy >= height || xx < 0 || xx >= width) continue;
      diagonal[u]! += weight;
      const neighbour = yy * width + xx;
      const v = unknownOf[neighbour]!;
      if (v < 0) {
        knownPixel[known] = neighbour;
        knownWeight[known++] = weight;
      } else if (v < u) {
        lowerColumn[lower] = v;
        lowerValue[lower++] = -weight;
      } else {
        upperColumn[upper] = v;
        upperValue[upper++] = -weight;
      }
    }
    lowerStart[u + 1] = lower;
    upperStart[u + 1] = upper;
    knownStart[u + 1] = known;
  }
  return {
    size,
    diagonal,
    lowerStart,
    lowerColumn,
    lowerValue,
    upperStart,
    upperColumn,
    upperValue,
    knownStart,
    knownPixel,
    knownWeight,
  };
}
