import type { GradientRule } from './gradient-rule.js';

/**
 * `Relu` in Guided Backpropagation (Springenberg et al. 2015): `dX = dY * (Y > 0) * (dY > 0)`, the gradient
 * passes only where the ReLU's input and the gradient arriving at its output are both positive (as
 * pytorch-grad-cam's `GuidedBackpropReLU`; `Y > 0` exactly when `X > 0`).
 */
export const guidedReluGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const y = context.output(0)!;
  const dataType = context.info(y).dataType;
  const zero = builder.scalar(0, dataType);
  const passes = builder.op('And', [
    builder.op('Greater', [y, zero]),
    builder.op('Greater', [gradient, zero]),
  ]);
  context.addInputGradient(0, builder.mul(gradient, builder.mask(passes, dataType)));
};
