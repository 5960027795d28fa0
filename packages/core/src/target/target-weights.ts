import { ClassIndexOutOfRangeError } from '../errors/class-index-out-of-range-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { ScoreTensor } from '../tensor.js';
import type { Target } from './target.js';

/** A target resolved against a batch of scores. */
export interface ResolvedTarget {
  /** `[batch * classes]` row-major weights of the scores: the gradient is taken of their weighted sum. */
  readonly weights: Float32Array;
  /** Per sample, the class explained, or `null` when the target is an arbitrary weighting. */
  readonly classIndices: readonly (number | null)[];
}

/**
 * Index of the largest value in `data[offset, offset + length)`; the first one on ties.
 */
export function argMax(data: ArrayLike<number>, offset = 0, length = data.length - offset): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < length; index++) {
    const value = data[offset + index]!;
    if (value > bestValue) {
      bestValue = value;
      best = index;
    }
  }
  return best;
}

/**
 * Turns a {@link Target} into per-sample weights over the class scores.
 *
 * Backends call this with the scores of the forward pass they are differentiating: `top` depends on them.
 *
 * @param target - what to explain.
 * @param scores - the scores of the batch, `[batch, classes]`.
 * @throws {@link ClassIndexOutOfRangeError} when a class index is not in `[0, classes)`.
 * @throws {@link ShapeMismatchError} when per-sample indices or weights do not match the batch.
 */
export function resolveTarget(target: Target, scores: ScoreTensor): ResolvedTarget {
  const [batch, classes] = scores.shape;
  const weights = new Float32Array(batch * classes);
  if (target.kind === 'top') {
    const classIndices: number[] = [];
    for (let sample = 0; sample < batch; sample++) {
      const index = argMax(scores.data, sample * classes, classes);
      weights[sample * classes + index] = 1;
      classIndices.push(index);
    }
    return { weights, classIndices };
  }
  if (target.kind === 'class') {
    const indices =
      typeof target.index === 'number' ? new Array<number>(batch).fill(target.index) : target.index;
    if (indices.length !== batch) {
      throw new ShapeMismatchError(
        `The target names ${indices.length} class indices for a batch of ${batch}: give one per sample, or a single number.`,
        { expected: [batch], actual: [indices.length] },
      );
    }
    indices.forEach((index, sample) => {
      if (!Number.isInteger(index) || index < 0 || index >= classes) {
        throw new ClassIndexOutOfRangeError(index, classes);
      }
      weights[sample * classes + index] = 1;
    });
    return { weights, classIndices: [...indices] };
  }
  const given = target.weights;
  if (given.length === classes) {
    for (let sample = 0; sample < batch; sample++) {
      for (let k = 0; k < classes; k++) weights[sample * classes + k] = given[k]!;
    }
  } else if (given.length === batch * classes) {
    for (let index = 0; index < given.length; index++) weights[index] = given[index]!;
  } else {
    throw new ShapeMismatchError(
      `Target weights have ${given.length} values; expected ${classes} (one row for all samples) or ${batch * classes} ([batch=${batch}, classes=${classes}]).`,
      { expected: [batch, classes], actual: [given.length] },
    );
  }
  return { weights, classIndices: new Array<null>(batch).fill(null) };
}
