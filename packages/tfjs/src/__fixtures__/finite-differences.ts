import { type GradientResult, resolveTarget, type SpatialTensor, type Target } from '@gradcam/core';
import { seededRandom } from '@gradcam/core/testing';
import type { TfjsBackend } from '../tfjs-backend.js';

/** The outcome of a finite-difference check of one layer's gradient. */
export interface FiniteDifferenceReport {
  /** Entries checked one by one. */
  readonly entries: number;
  /** Largest `|fd - g| / max(|g|, 0.1 * max|g|)` over the smooth entries. */
  readonly maxRelativeError: number;
  /** Smooth entries whose error exceeded the tolerance. */
  readonly failures: number;
  /**
   * Entries skipped because the score is not smooth within `±eps` of them (a max-pool or ReLU switches there):
   * their one-sided differences disagree, or the central differences at `eps` and `eps / 2` do.
   */
  readonly kinks: number;
  /** The smooth entry with the largest error. */
  readonly worst?: { readonly index: number; readonly fd: number; readonly g: number };
  /** Directional derivative along a random ±1 direction: finite difference and `<g, v>`. */
  readonly directional: { readonly fd: number; readonly analytic: number; readonly relativeError: number };
  /** Largest `|g|`. */
  readonly gradientScale: number;
}

/**
 * Compares the gradient `forwardWithGradient` returns for `layer` with central finite differences of the target
 * score, perturbing the layer's activations through {@link TfjsBackend.scoresWithActivations} (float32,
 * `eps = 1e-2` by default). Checks the `count / 2` entries with the largest gradients and `count / 2` random ones.
 */
export async function finiteDifferenceCheck(
  backend: TfjsBackend,
  input: SpatialTensor,
  layer: string,
  target: Target,
  options: { eps?: number; count?: number; tolerance?: number; seed?: number } = {},
): Promise<FiniteDifferenceReport & { readonly result: GradientResult }> {
  const { eps = 1e-2, count = 24, tolerance = 1e-2, seed = 5 } = options;
  const result = await backend.forwardWithGradient({ input, layer, target });
  const { weights } = resolveTarget(target, result.scores);
  const base = result.activations;
  const gradient = result.gradients.data;
  const score = async (data: Float32Array) => {
    const scores = await backend.scoresWithActivations({ input, layer, activations: { ...base, data } });
    let sum = 0;
    for (let index = 0; index < scores.data.length; index++) sum += weights[index]! * scores.data[index]!;
    return sum;
  };
  const center = await score(base.data);
  /** One-sided differences along `direction` (applied with a sign and a step). */
  const differences = async (direction: (data: Float32Array, step: number) => void, step: number) => {
    const plus = base.data.slice();
    const minus = base.data.slice();
    direction(plus, step);
    direction(minus, -step);
    const up = ((await score(plus)) - center) / step;
    const down = (center - (await score(minus))) / step;
    return { fd: (up + down) / 2, asymmetry: Math.abs(up - down) };
  };
  const gradientScale = gradient.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  const byMagnitude = [...gradient.keys()].sort((a, b) => Math.abs(gradient[b]!) - Math.abs(gradient[a]!));
  const random = seededRandom(seed);
  const picked = new Set(byMagnitude.slice(0, count / 2));
  while (picked.size < Math.min(count, gradient.length)) {
    picked.add(Math.floor(((random() + 1) / 2) * gradient.length) % gradient.length);
  }
  let maxRelativeError = 0;
  let failures = 0;
  let kinks = 0;
  let worst: FiniteDifferenceReport['worst'];
  for (const index of picked) {
    const perturb = (data: Float32Array, step: number) => {
      data[index] = data[index]! + step;
    };
    const coarse = await differences(perturb, eps);
    const fine = await differences(perturb, eps / 2);
    const g = gradient[index]!;
    const scale = Math.max(Math.abs(g), 0.1 * gradientScale, 1e-12);
    // Smooth: one-sided and central differences agree to O(eps f'') and O(eps^2 f'''), well within the
    // tolerance. A max-pool or ReLU switching within ±eps breaks one or the other.
    if (coarse.asymmetry > 2 * tolerance * scale || Math.abs(coarse.fd - fine.fd) > tolerance * scale) {
      kinks++;
      continue;
    }
    const error = Math.abs(coarse.fd - g) / scale;
    if (error >= maxRelativeError) worst = { index, fd: coarse.fd, g };
    maxRelativeError = Math.max(maxRelativeError, error);
    if (error > tolerance) failures++;
  }
  const direction = Float32Array.from(base.data, () => (random() >= 0 ? 1 : -1));
  const { fd } = await differences((data, step) => {
    data.forEach((value, index) => {
      data[index] = value + step * direction[index]!;
    });
  }, eps);
  const analytic = gradient.reduce((sum, value, index) => sum + value * direction[index]!, 0);
  return {
    entries: picked.size,
    maxRelativeError,
    failures,
    kinks,
    ...(worst ? { worst } : {}),
    directional: { fd, analytic, relativeError: Math.abs(fd - analytic) / Math.max(Math.abs(analytic), 1e-12) },
    gradientScale,
    result,
  };
}
