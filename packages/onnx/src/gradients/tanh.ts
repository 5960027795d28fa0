import type { GradientRule } from './gradient-rule.js';

/** `Tanh`: `dX = dY * (1 - Y²)`. */
export const tanhGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const y = context.output(0)!;
  const one = builder.scalar(1, context.info(y).dataType);
  context.addInputGradient(0, builder.mul(gradient, builder.sub(one, builder.mul(y, y))));
};
