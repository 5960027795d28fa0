import {
  type Backend,
  type BackendV1,
  CapabilityNotSupportedError,
  type ScoreTensor,
  ShapeMismatchError,
  throwIfAborted,
} from '@gradcam/core';
import { batchShape, type SampleGeometry } from './sample-geometry.js';

/**
 * Returns the backend's `forward` method, bound to it.
 *
 * @param backend - the backend the metric runs.
 * @param metric - the metric's name, for the message.
 * @throws {@link CapabilityNotSupportedError} (capability `'forward'`) when `capabilities.forward` is not `true`
 * or the method is missing.
 */
export function requireForward(backend: Backend, metric: string): NonNullable<BackendV1['forward']> {
  const forward = backend.forward;
  if (backend.capabilities.forward !== true || typeof forward !== 'function') {
    throw new CapabilityNotSupportedError(
      'forward',
      backend.name,
      `${metric} runs the model forward on perturbed inputs: it needs a backend whose capabilities.forward is true.`,
    );
  }
  return (request) => forward.call(backend, request);
}

/**
 * The batch size to use: `requested`, capped by the backend's `capabilities.maxBatchSize` when it has one.
 *
 * @param requested - the batch size asked for (a positive integer).
 * @param backend - the backend.
 */
export function effectiveBatchSize(requested: number, backend: Backend): number {
  const limit = backend.capabilities.maxBatchSize;
  if (limit === undefined || !Number.isFinite(limit)) return requested;
  return Math.max(1, Math.min(requested, Math.floor(limit)));
}

/** Arguments of {@link forwardInBatches}. */
export interface ForwardInBatchesRequest {
  /** The backend (with the `forward` capability). */
  readonly backend: Backend;
  /** The metric's name, for messages. */
  readonly metric: string;
  /** Geometry (and layout) of every input. */
  readonly geometry: SampleGeometry;
  /** Number of inputs to run. */
  readonly count: number;
  /** Writes input number `index` into `out` (`geometry.size` values, in the geometry's layout). */
  readonly fill: (index: number, out: Float32Array) => void;
  /** Inputs per forward call (already capped by the backend's limit). */
  readonly batchSize: number;
  /** Called after each forward call with the number of inputs it ran. */
  readonly onBatch?: (size: number) => void;
  /** Checked before every forward call. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `count` inputs, produced on demand by `fill` in increasing index order, through `backend.forward` in
 * batches of at most `batchSize`, one call at a time (so at most one batch of inputs is in memory), and
 * returns the scores of all of them, `[count, classes]`, in index order.
 *
 * @throws {@link AbortError} when `request.signal` is aborted.
 * @throws {@link CapabilityNotSupportedError} when the backend cannot run forward.
 * @throws {@link ShapeMismatchError} when the backend returns scores of the wrong shape, or a different number
 * of classes from one call to the next.
 */
export async function forwardInBatches(request: ForwardInBatchesRequest): Promise<ScoreTensor> {
  const { backend, geometry, count, fill, batchSize } = request;
  const forward = requireForward(backend, request.metric);
  let classes = -1;
  let all = new Float32Array(0);
  for (let start = 0; start < count; start += batchSize) {
    throwIfAborted(request.signal);
    const size = Math.min(batchSize, count - start);
    const data = new Float32Array(size * geometry.size);
    for (let row = 0; row < size; row++) {
      fill(start + row, data.subarray(row * geometry.size, (row + 1) * geometry.size));
    }
    const { scores } = await forward({
      input: { data, shape: batchShape(geometry, size), layout: geometry.layout },
    });
    const [rows, columns] = scores.shape;
    if (rows !== size || scores.data.length !== rows * columns || (classes !== -1 && columns !== classes)) {
      throw new ShapeMismatchError(
        `Backend "${backend.name}" returned scores of shape [${scores.shape.join(', ')}] with ` +
          `${scores.data.length} values for a batch of ${size}` +
          (classes === -1 ? '.' : ` (earlier calls returned ${classes} classes).`),
        { expected: [size, classes === -1 ? null : classes], actual: [rows, columns] },
      );
    }
    if (classes === -1) {
      classes = columns;
      all = new Float32Array(count * classes);
    }
    all.set(scores.data, start * classes);
    request.onBatch?.(size);
  }
  return { data: all, shape: [count, Math.max(classes, 0)] };
}
