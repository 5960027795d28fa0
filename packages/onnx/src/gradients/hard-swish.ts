import type { GradientRule } from './gradient-rule.js';

/** `HardSwish` (`X * max(0, min(1, X/6 + 1/2))`): slope 0 below -3, `X/3 + 1/2` in [-3, 3], 1 above 3 (PyTorch). */
export const hardSwishGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const x = context.input(0)!;
  const dataType = context.info(x).dataType;
  const below = builder.op('Less', [x, builder.scalar(-3, dataType)]);
  const above = builder.op('Greater', [x, builder.scalar(3, dataType)]);
  const middle = builder.op('And', [builder.op('Not', [below]), builder.op('Not', [above])]);
  const ramp = builder.add(builder.scale(x, 1 / 3, dataType), builder.scalar(0.5, dataType));
  const slope = builder.add(builder.mul(builder.mask(middle, dataType), ramp), builder.mask(above, dataType));
  context.addInputGradient(0, builder.mul(gradient, slope));
};
