import type { Backend, InputGradientResult } from '../backend/v1/backend-v1.js';
import { throwIfAborted } from '../errors/abort-error.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import type { Target } from '../target/target.js';
import { resolveTarget } from '../target/target-weights.js';
import type { SpatialTensor } from '../tensor.js';

/** What the input-space methods need of a backend: its input gradients and its batch limit. */
export type InputGradientBackend = Pick<Backend, 'name' | 'capabilities' | 'forwardWithInputGradient'>;

/** The input gradient of a batch with its target resolved to fixed per-sample score weights. */
export interface ResolvedInputGradient extends InputGradientResult {
  /** `[batch * classes]` weights of the explained score, fixed from the scores at the input. */
  readonly weights: Float32Array;
  /** Number of classes. */
  readonly classes: number;
}

/**
 * The backend's `forwardWithInputGradient`, or rejects with `CapabilityNotSupportedError` saying which backends
 * offer it.
 *
 * @param backend - the backend.
 */
export function requireInputGradients(
  backend: InputGradientBackend,
): NonNullable<Backend['forwardWithInputGradient']> {
  if (!backend.capabilities.inputGradients || !backend.forwardWithInputGradient) {
    throw new CapabilityNotSupportedError(
      'inputGradients',
      backend.name,
      'Input-space methods need gradients with respect to the input (`forwardWithInputGradient`), which ' +
        '@gradcam/onnx and @gradcam/tfjs offer.',
    );
  }
  return backend.forwardWithInputGradient.bind(backend);
}

/**
 * Runs `forwardWithInputGradient` on the input batch and fixes the explained score: each sample's weights over
 * the classes (for `'top'`, its top class at the input), so that methods which then evaluate the gradient at
 * other points (noisy copies, a path from a baseline) keep explaining the same score.
 *
 * @param backend - the backend.
 * @param input - the input batch.
 * @param target - what to explain.
 * @param guided - Guided Backpropagation.
 */
export async function resolvedInputGradient(
  backend: InputGradientBackend,
  input: SpatialTensor,
  target: Target,
  guided = false,
): Promise<ResolvedInputGradient> {
  const call = requireInputGradients(backend);
  const result = await call({ input, target, ...(guided ? { guided } : {}) });
  const { weights } = resolveTarget(target, result.scores);
  return { ...result, weights, classes: result.scores.shape[1] };
}

/** The gradients and weighted scores at many points, each a single sample of the input's shape. */
export interface PointGradients {
  /** The gradient at each point, in the input's layout (one sample each). */
  readonly gradients: Float32Array[];
  /** The explained score `sum_k w[k] * scores[k]` at each point. */
  readonly scores: number[];
}

/** Arguments of {@link gradientsAtPoints}. */
export interface PointGradientRequest {
  /** The backend. */
  readonly backend: InputGradientBackend;
  /** The shape of one sample (batch axis 1) and its layout. */
  readonly sample: Pick<SpatialTensor, 'shape' | 'layout'>;
  /** How many points. */
  readonly count: number;
  /** Writes point `index` (one sample's values) into `out`. */
  readonly point: (index: number, out: Float32Array) => void;
  /** The fixed weights of the explained score over the classes (one row). */
  readonly weights: Float32Array;
  /** Cancels between batches. */
  readonly signal?: AbortSignal | undefined;
  /** Largest batch per call (besides the backend's `maxBatchSize`). @default 32 */
  readonly batchSize?: number | undefined;
  /** Called after each batch with the number of points it evaluated. */
  readonly onPoints?: ((count: number) => void) | undefined;
}

/**
 * Evaluates the input gradient of one fixed score (`weights`) at `count` points, in batches of at most the
 * backend's `maxBatchSize`: what SmoothGrad (noisy copies) and Integrated Gradients (points on a path) are
 * made of.
 *
 * @throws `AbortError` when `signal` is aborted between batches.
 */
export async function gradientsAtPoints(request: PointGradientRequest): Promise<PointGradients> {
  const { backend, sample, count, point, weights, signal } = request;
  const call = requireInputGradients(backend);
  const size = sample.shape.reduce((product, axis) => product * axis, 1);
  const limit = Math.max(1, Math.min(request.batchSize ?? 32, backend.capabilities.maxBatchSize ?? Infinity));
  const gradients: Float32Array[] = [];
  const scores: number[] = [];
  const [, a, b, c] = sample.shape;
  for (let start = 0; start < count; start += limit) {
    throwIfAborted(signal);
    const batch = Math.min(limit, count - start);
    const data = new Float32Array(batch * size);
    for (let index = 0; index < batch; index++)
      point(start + index, data.subarray(index * size, (index + 1) * size));
    const result = await call({
      input: { data, shape: [batch, a, b, c], layout: sample.layout },
      target: { kind: 'weights', weights },
    });
    const classes = result.scores.shape[1];
    for (let index = 0; index < batch; index++) {
      gradients.push(result.gradients.data.slice(index * size, (index + 1) * size));
      let score = 0;
      for (let k = 0; k < classes; k++) score += weights[k]! * result.scores.data[index * classes + k]!;
      scores.push(score);
    }
    request.onPoints?.(batch);
  }
  throwIfAborted(signal);
  return { gradients, scores };
}
