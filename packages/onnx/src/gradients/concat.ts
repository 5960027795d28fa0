import { intAttribute } from '../proto/attributes.js';
import type { GradientRule } from './gradient-rule.js';

/** `Concat`: the output gradient split back into the inputs' sizes along the axis. */
export const concatGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient) return;
  const { builder, node } = context;
  const inputs = node.input ?? [];
  const rank = context.info(context.output(0)!).shape.length;
  const raw = intAttribute(node, 'axis', 0);
  const axis = raw < 0 ? raw + rank : raw;
  const sizes = inputs.map((name) => {
    const info = context.info(name);
    if (info.dynamic[axis]) context.unsupported('it concatenates along the batch axis');
    return info.shape[axis]!;
  });
  const parts = builder.split(gradient, axis, sizes);
  inputs.forEach((_, index) => {
    if (context.needsGradient(index)) context.addInputGradient(index, parts[index]!);
  });
};
