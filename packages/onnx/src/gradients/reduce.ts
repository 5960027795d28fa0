import { intAttribute, intsAttribute } from '../proto/attributes.js';
import type { GradientContext, GradientRule } from './gradient-rule.js';

/**
 * `ReduceMean` and `ReduceSum` (axes as attribute or input depending on the opset, `keepdims`,
 * `noop_with_empty_axes`): the output gradient broadcast back over the reduced axes (divided by their size for
 * the mean).
 */
export const reduceGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder, node } = context;
  const x = context.input(0)!;
  const xInfo = context.info(x);
  const rank = xInfo.shape.length;
  const axes = reducedAxes(context, rank);
  if (axes.length === 0) {
    context.addInputGradient(0, gradient);
    return;
  }
  const keepdims = intAttribute(node, 'keepdims', 1) === 1;
  const kept = keepdims ? gradient : builder.unsqueeze(gradient, axes);
  builder.setInfo(kept, {
    dataType: xInfo.dataType,
    shape: xInfo.shape.map((size, axis) => (axes.includes(axis) ? 1 : size)),
    dynamic: xInfo.dynamic.map((dynamic, axis) => (axes.includes(axis) ? false : dynamic)),
  });
  let small = kept;
  if (node.opType === 'ReduceMean') {
    if (axes.some((axis) => xInfo.dynamic[axis])) context.unsupported('it averages over the batch axis');
    const count = axes.reduce((product, axis) => product * xInfo.shape[axis]!, 1);
    small = builder.scale(kept, 1 / count, xInfo.dataType);
    builder.setInfo(small, builder.requireInfo(kept));
  }
  context.addInputGradient(0, builder.expandLike(small, x));
};

function reducedAxes(context: GradientContext, rank: number): number[] {
  const { node } = context;
  const axesAsInput = node.opType === 'ReduceSum' ? context.opset >= 13 : context.opset >= 18;
  let axes: number[] | undefined;
  if (axesAsInput) {
    const name = context.input(1);
    if (name) {
      axes = context.constantValue(name);
      if (!axes) context.unsupported(`its axes ("${name}") must be a constant`);
    }
  } else {
    axes = intsAttribute(node, 'axes');
  }
  if (!axes || axes.length === 0) {
    if (axesAsInput && intAttribute(node, 'noop_with_empty_axes', 0) === 1) return [];
    return Array.from({ length: rank }, (_, axis) => axis);
  }
  return [...new Set(axes.map((axis) => (axis < 0 ? axis + rank : axis)))].sort((a, b) => a - b);
}
