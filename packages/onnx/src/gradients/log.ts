import type { GradientRule } from './gradient-rule.js';

/** `Log`: `dX = dY / X`. */
export const logGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  context.addInputGradient(0, context.builder.div(gradient, context.input(0)!));
};
