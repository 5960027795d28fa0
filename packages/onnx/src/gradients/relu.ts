import type { GradientRule } from './gradient-rule.js';

/** `Relu`: `dX = dY * (Y > 0)` (zero at 0, as PyTorch). */
export const reluGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const y = context.output(0)!;
  const dataType = context.info(y).dataType;
  const positive = builder.op('Greater', [y, builder.scalar(0, dataType)]);
  context.addInputGradient(0, builder.mul(gradient, builder.mask(positive, dataType)));
};
