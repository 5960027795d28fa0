import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { Target } from '../target/target.js';
import type { SpatialTensor } from '../tensor.js';
import type { Explanation } from './explanation.js';

/** One chunk of a batch larger than the backend's `maxBatchSize`. */
export interface BatchChunk {
  /** The index of the chunk's first sample in the whole batch. */
  readonly start: number;
  /** The chunk's samples (a view of the batch's data). */
  readonly input: SpatialTensor;
  /** The part of the target that concerns them. */
  readonly target: Target | undefined;
}

/**
 * Splits a batch into chunks of at most `limit` samples, each with its part of a per-sample target.
 *
 * @throws {@link ShapeMismatchError} when per-sample target weights cannot be split because the number of
 * classes is unknown.
 */
export function splitBatch(
  input: SpatialTensor,
  target: Target | undefined,
  limit: number,
  numClasses: number | undefined,
): BatchChunk[] {
  const batch = input.shape[0];
  const sampleSize = input.data.length / batch;
  const chunks: BatchChunk[] = [];
  for (let start = 0; start < batch; start += limit) {
    const count = Math.min(limit, batch - start);
    chunks.push({
      start,
      input: {
        data: input.data.subarray(start * sampleSize, (start + count) * sampleSize),
        shape: [count, input.shape[1], input.shape[2], input.shape[3]],
        layout: input.layout,
      },
      target: chunkTarget(target, start, count, batch, numClasses),
    });
  }
  return chunks;
}

/** The explanations of consecutive chunks as one: samples and warnings renumbered, times summed. */
export function mergeChunks(
  chunks: readonly BatchChunk[],
  parts: readonly Explanation[],
  totalMs: number,
): Explanation {
  return {
    ...parts[0]!,
    samples: parts.flatMap((part) => part.samples),
    warnings: parts.flatMap((part, index) =>
      part.warnings.map((warning) =>
        warning.sample === undefined
          ? warning
          : { ...warning, sample: warning.sample + chunks[index]!.start },
      ),
    ),
    timings: {
      backendMs: parts.reduce((sum, part) => sum + part.timings.backendMs, 0),
      camMs: parts.reduce((sum, part) => sum + part.timings.camMs, 0),
      totalMs,
    },
  };
}

/** The part of a per-sample target that belongs to samples `[start, start + count)`. */
function chunkTarget(
  target: Target | undefined,
  start: number,
  count: number,
  batch: number,
  numClasses: number | undefined,
): Target | undefined {
  if (target?.kind === 'class' && typeof target.index !== 'number') {
    return { kind: 'class', index: target.index.slice(start, start + count) };
  }
  if (target?.kind === 'weights') {
    const length = target.weights.length;
    if (numClasses === undefined) {
      if (length % batch !== 0 || batch === 1) return target;
      throw new ShapeMismatchError(
        `A batch of ${batch} exceeds the backend's maxBatchSize and the backend does not say how many classes it ` +
          'scores, so per-sample target weights cannot be split: pass one row of weights, or smaller batches.',
      );
    }
    if (length === batch * numClasses && length !== numClasses) {
      return {
        kind: 'weights',
        weights: Array.from(target.weights).slice(start * numClasses, (start + count) * numClasses),
      };
    }
  }
  return target;
}
