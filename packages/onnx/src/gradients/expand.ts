import { unbroadcast } from './broadcast.js';
import type { GradientRule } from './gradient-rule.js';

/** `Expand` (the class token repeated over the batch, a bias broadcast): the output gradient summed over the expanded axes. */
export const expandGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const x = context.input(0)!;
  const yInfo = context.info(context.output(0)!);
  context.addInputGradient(0, unbroadcast(context.builder, gradient, yInfo, x, context.info(x)));
};
