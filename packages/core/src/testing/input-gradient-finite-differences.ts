import type { Backend, InputGradientResult } from '../backend/v1/backend-v1.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { Target } from '../target/target.js';
import { resolveTarget } from '../target/target-weights.js';
import type { SpatialTensor } from '../tensor.js';
import { seededRandom } from './conformance-model.js';

/** Options of {@link inputGradientFiniteDifferences}. */
export interface InputGradientFiniteDifferenceOptions {
  /** Central-difference step. @default 1e-2 */
  readonly eps?: number;
  /** Entries checked: half the largest gradients, half drawn at random. @default 24 */
  readonly count?: number;
  /** Seed of the random entries and the random direction. @default 5 */
  readonly seed?: number;
  /** Step along the random direction (which moves every entry: smaller, to cross fewer kinks). @default eps / 10 */
  readonly directionalEps?: number;
  /** Relative disagreement of the one-sided differences above which an entry counts as a kink. @default 0.005 */
  readonly kinkTolerance?: number;
}

/** The outcome of {@link inputGradientFiniteDifferences}. */
export interface InputGradientFiniteDifferenceReport {
  /** Entries compared (kinks excluded). */
  readonly checked: number;
  /** Entries skipped: the score is not smooth within `±eps` of them (a ReLU or max-pool switches there). */
  readonly kinks: number;
  /** Largest `|fd - g| / max(|g|, 0.1 * max|g|)` over the compared entries. */
  readonly maxRelativeError: number;
  /** The compared entry with the largest error. */
  readonly worst?: { readonly index: number; readonly fd: number; readonly g: number };
  /** Along a direction moving every entry (see the source): the finite difference, `<g, v>` and their relative error. */
  readonly directional: { readonly fd: number; readonly analytic: number; readonly relativeError: number };
  /** Largest `|g|`. */
  readonly peak: number;
  /** The backend's answer that was checked. */
  readonly result: InputGradientResult;
}

/**
 * Checks a backend's `forwardWithInputGradient` against central finite differences of the target score,
 * computed with the backend's own `forward` (float32, so `eps` should not be tiny). Entries where the one-sided
 * differences disagree (a kink within `±eps`) are skipped and counted. Runs the perturbed inputs in batches of
 * at most `capabilities.maxBatchSize`.
 *
 * @param backend - a backend with `inputGradients` and `forward`.
 * @param input - one sample (batch 1).
 * @param target - the score to differentiate.
 */
export async function inputGradientFiniteDifferences(
  backend: Backend,
  input: SpatialTensor,
  target: Target,
  options: InputGradientFiniteDifferenceOptions = {},
): Promise<InputGradientFiniteDifferenceReport> {
  const { eps = 1e-2, count = 24, seed = 5, kinkTolerance = 0.005 } = options;
  const directionalEps = options.directionalEps ?? eps / 10;
  if (!backend.forwardWithInputGradient)
    throw new CapabilityNotSupportedError('inputGradients', backend.name);
  if (!backend.forward) throw new CapabilityNotSupportedError('forward', backend.name);
  if (input.shape[0] !== 1) {
    throw new ShapeMismatchError(
      `inputGradientFiniteDifferences checks one sample: pass a batch of 1, not ${input.shape[0]}.`,
    );
  }
  const result = await backend.forwardWithInputGradient({ input, target });
  const { weights } = resolveTarget(target, result.scores);
  const gradient = result.gradients.data;
  const size = input.data.length;
  const peak = gradient.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  const byMagnitude = [...gradient.keys()].sort((a, b) => Math.abs(gradient[b]!) - Math.abs(gradient[a]!));
  const random = seededRandom(seed);
  const picked = new Set(byMagnitude.slice(0, Math.floor(count / 2)));
  while (picked.size < Math.min(count, size)) picked.add(Math.floor(((random() + 1) / 2) * size) % size);
  // Along sign(g) with random magnitudes (random signs where g is 0): <g, v> does not cancel out, so float32
  // noise in the difference stays small next to it, and every entry still counts.
  const direction = Float32Array.from(gradient, (value) => {
    const magnitude = 0.75 + 0.25 * random();
    if (value > 0) return magnitude;
    if (value < 0) return -magnitude;
    return random() >= 0 ? 1 : -1;
  });
  const entries = [...picked];
  // Each entry gives four inputs (+eps, -eps); the direction two more; the unperturbed input one.
  const perturbed: Float32Array[] = [input.data.slice()];
  for (const index of entries) {
    for (const step of [eps, -eps]) {
      const data = input.data.slice();
      data[index] = data[index]! + step;
      perturbed.push(data);
    }
  }
  for (const step of [directionalEps, -directionalEps])
    perturbed.push(input.data.map((value, index) => value + step * direction[index]!));
  const scores = await scoresOf(backend, input, perturbed, weights);
  const center = scores[0]!;
  let checked = 0;
  let kinks = 0;
  let maxRelativeError = 0;
  let worst: InputGradientFiniteDifferenceReport['worst'];
  entries.forEach((index, position) => {
    const up = (scores[1 + 2 * position]! - center) / eps;
    const down = (center - scores[2 + 2 * position]!) / eps;
    const g = gradient[index]!;
    const scale = Math.max(Math.abs(g), 0.1 * peak, 1e-12);
    if (Math.abs(up - down) > kinkTolerance * scale) {
      kinks++;
      return;
    }
    const fd = (up + down) / 2;
    const error = Math.abs(fd - g) / scale;
    checked++;
    if (error >= maxRelativeError) worst = { index, fd, g };
    maxRelativeError = Math.max(maxRelativeError, error);
  });
  const last = scores.length;
  const fd = (scores[last - 2]! - scores[last - 1]!) / (2 * directionalEps);
  let analytic = 0;
  for (let index = 0; index < size; index++) analytic += gradient[index]! * direction[index]!;
  return {
    checked,
    kinks,
    maxRelativeError,
    ...(worst ? { worst } : {}),
    directional: {
      fd,
      analytic,
      relativeError: Math.abs(fd - analytic) / Math.max(Math.abs(analytic), 1e-12),
    },
    peak,
    result,
  };
}

/** The weighted score of each perturbed input (one sample each), run in batches the backend accepts. */
async function scoresOf(
  backend: Backend,
  input: SpatialTensor,
  inputs: readonly Float32Array[],
  weights: Float32Array,
): Promise<number[]> {
  const batchSize = Math.max(1, Math.min(backend.capabilities.maxBatchSize ?? 16, 16));
  const size = input.data.length;
  const out: number[] = [];
  for (let start = 0; start < inputs.length; start += batchSize) {
    const chunk = inputs.slice(start, start + batchSize);
    const data = new Float32Array(chunk.length * size);
    chunk.forEach((values, index) => data.set(values, index * size));
    const [, a, b, c] = input.shape;
    const { scores } = await backend.forward!({
      input: { data, shape: [chunk.length, a, b, c], layout: input.layout },
    });
    const classes = scores.shape[1];
    for (let n = 0; n < chunk.length; n++) {
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += weights[k]! * scores.data[n * classes + k]!;
      out.push(sum);
    }
  }
  return out;
}
