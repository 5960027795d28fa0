import type { GradientRule } from './gradient-rule.js';

/** `Exp`: `dX = dY * Y`. */
export const expGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  context.addInputGradient(0, context.builder.mul(gradient, context.output(0)!));
};
