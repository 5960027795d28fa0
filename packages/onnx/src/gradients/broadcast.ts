import type { GraphBuilder } from '../graph/graph-builder.js';
import type { TensorInfo } from '../graph/tensor-info.js';

/**
 * Sums a gradient computed at a broadcast shape down to the shape of the operand that was broadcast: a
 * `ReduceSum` (keepdims) over the axes where the operand had size 1 (or did not exist), then a `Reshape` to
 * the operand's shape when ranks differ.
 *
 * @param builder - the emitter.
 * @param gradient - the gradient at the broadcast shape.
 * @param from - the broadcast shape (usually the node's output).
 * @param operand - the operand's tensor name (its runtime shape is the reshape target).
 * @param operandInfo - the operand's shape.
 */
export function unbroadcast(
  builder: GraphBuilder,
  gradient: string,
  from: TensorInfo,
  operand: string,
  operandInfo: TensorInfo,
): string {
  const offset = from.shape.length - operandInfo.shape.length;
  const axes: number[] = [];
  for (let axis = 0; axis < from.shape.length; axis++) {
    const own = axis - offset;
    if (
      own < 0 ||
      operandInfo.shape[own] !== from.shape[axis] ||
      operandInfo.dynamic[own] !== from.dynamic[axis]
    ) {
      axes.push(axis);
    }
  }
  const reduced = builder.reduceSum(gradient, axes, true);
  return offset !== 0 ? builder.reshapeLike(reduced, operand) : reduced;
}
