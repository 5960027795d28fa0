import type { GradientRule } from './gradient-rule.js';

/** `Reciprocal`: `dX = -dY * Y²`. */
export const reciprocalGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const y = context.output(0)!;
  context.addInputGradient(0, builder.neg(builder.mul(gradient, builder.mul(y, y))));
};
