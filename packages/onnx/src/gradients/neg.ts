import type { GradientRule } from './gradient-rule.js';

/** `Neg`: `dX = -dY`. */
export const negGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (gradient && context.needsGradient(0)) context.addInputGradient(0, context.builder.neg(gradient));
};
