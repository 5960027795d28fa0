import { type Backend, requireSpatial, type SpatialTensor } from '@gradcam/core';
import { seededRandom } from '@gradcam/core/testing';
import type { ModelGraph } from '../../src/graph/model-graph.js';
import { evaluateFrom } from './float64-interpreter.js';

/** The comparison of a backend's gradient with float64 finite differences of the model's head. */
export interface ActivationCheck {
  /** Worst coordinate difference, relative to the gradient's peak. */
  readonly coordinateError: number;
  /** Coordinates checked. */
  readonly coordinates: number;
  /** Worst directional-derivative difference relative to `sum |g_i v_i|`. */
  readonly directionalError: number;
}

/** Options of {@link checkActivationGradient}. */
export interface ActivationCheckOptions {
  /** Step. @default 1e-6 */
  readonly eps?: number;
  /** Coordinates with the largest gradient checked. @default 8 */
  readonly strongest?: number;
  /** Further random coordinates checked. @default 16 */
  readonly random?: number;
  /** Random directions checked. @default 2 */
  readonly directions?: number;
  /** @default 3 */
  readonly seed?: number;
}

/**
 * Checks `forwardWithGradient` at `layer` for class `classIndex` (first sample) against central differences of
 * the class score computed from perturbed activations by a float64 re-implementation of the model's head
 * ({@link evaluateFrom}): free of float32 rounding noise, and with a step small enough to cross no ReLU or
 * max-pool kink. At the coordinates with the largest gradient, some random ones, and along random directions.
 */
export async function checkActivationGradient(
  backend: Backend,
  graph: ModelGraph,
  score: string,
  input: SpatialTensor,
  layer: string,
  classIndex: number,
  options: ActivationCheckOptions = {},
): Promise<ActivationCheck> {
  const result = await backend.forwardWithGradient({
    input,
    layer,
    target: { kind: 'class', index: classIndex },
  });
  const [, channels, height, width] = requireSpatial(result.activations, 'activations').shape;
  const count = channels * height * width;
  return compareWithFloat64(
    graph,
    score,
    layer,
    [1, channels, height, width],
    Float64Array.from(result.activations.data.subarray(0, count)),
    result.gradients.data.slice(0, count),
    classIndex,
    options,
  );
}

/**
 * Checks `forwardWithInputGradient` (exact, not guided) for class `classIndex` (first sample) against central
 * differences of the class score computed from perturbed inputs by the float64 re-implementation of the model,
 * as {@link checkActivationGradient} does at a layer.
 */
export async function checkInputGradient(
  backend: Backend,
  graph: ModelGraph,
  score: string,
  input: SpatialTensor,
  classIndex: number,
  options: ActivationCheckOptions = {},
): Promise<ActivationCheck> {
  const result = await backend.forwardWithInputGradient!({
    input,
    target: { kind: 'class', index: classIndex },
  });
  const [, channels, height, width] = input.shape;
  const count = channels * height * width;
  return compareWithFloat64(
    graph,
    score,
    graph.input.name!,
    [1, channels, height, width],
    Float64Array.from(input.data.subarray(0, count)),
    result.gradients.data.slice(0, count),
    classIndex,
    options,
  );
}

function compareWithFloat64(
  graph: ModelGraph,
  score: string,
  from: string,
  shape: readonly number[],
  point: Float64Array,
  gradient: Float32Array,
  classIndex: number,
  options: ActivationCheckOptions,
): ActivationCheck {
  const { eps = 1e-6, strongest = 8, random = 16, directions = 2, seed = 3 } = options;
  const count = point.length;
  const objective = (values: Float64Array) => {
    const scores = evaluateFrom(graph, from, { shape, data: values }, score);
    return scores.data[classIndex]!;
  };
  const order = Array.from({ length: count }, (_, index) => index).sort(
    (a, b) => Math.abs(gradient[b]!) - Math.abs(gradient[a]!),
  );
  const draw = seededRandom(seed);
  const chosen = new Set(order.slice(0, strongest));
  while (chosen.size < Math.min(count, strongest + random))
    chosen.add(Math.floor(((draw() + 1) / 2) * count) % count);
  const peak = Math.abs(gradient[order[0]!]!);
  let coordinateError = 0;
  for (const index of chosen) {
    const values = point.slice();
    values[index]! += eps;
    const plus = objective(values);
    values[index]! -= 2 * eps;
    const minus = objective(values);
    coordinateError = Math.max(
      coordinateError,
      Math.abs((plus - minus) / (2 * eps) - gradient[index]!) / peak,
    );
  }
  let directionalError = 0;
  for (let direction = 0; direction < directions; direction++) {
    const vector = Float64Array.from({ length: count }, () => draw());
    const plus = objective(point.map((value, index) => value + eps * vector[index]!));
    const minus = objective(point.map((value, index) => value - eps * vector[index]!));
    let analytic = 0;
    let scale = 0;
    for (let index = 0; index < count; index++) {
      analytic += gradient[index]! * vector[index]!;
      scale += Math.abs(gradient[index]! * vector[index]!);
    }
    directionalError = Math.max(directionalError, Math.abs((plus - minus) / (2 * eps) - analytic) / scale);
  }
  return { coordinateError, coordinates: chosen.size, directionalError };
}
