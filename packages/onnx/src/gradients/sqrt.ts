import type { GradientRule } from './gradient-rule.js';

/** `Sqrt`: `dX = dY / (2Y)`. */
export const sqrtGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const y = context.output(0)!;
  const half = builder.scalar(0.5, context.info(y).dataType);
  context.addInputGradient(0, builder.div(builder.mul(gradient, half), y));
};
