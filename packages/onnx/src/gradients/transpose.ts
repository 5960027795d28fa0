import { intsAttribute } from '../proto/attributes.js';
import type { GradientRule } from './gradient-rule.js';

/** `Transpose`: the output gradient transposed by the inverse permutation. */
export const transposeGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const rank = context.info(context.input(0)!).shape.length;
  const perm =
    intsAttribute(context.node, 'perm') ?? Array.from({ length: rank }, (_, axis) => rank - 1 - axis);
  const inverse = new Array<number>(rank);
  perm.forEach((source, axis) => {
    inverse[source] = axis;
  });
  context.addInputGradient(0, context.builder.transpose(gradient, inverse));
};
