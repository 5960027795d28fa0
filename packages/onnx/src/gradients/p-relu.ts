import { type GradientRule, rejectGradientsFor } from './gradient-rule.js';

/** `PRelu`: `dX = dY * (X > 0 ? 1 : slope)` (the slope broadcast to X). */
export const pReluGradient: GradientRule = (context) => {
  rejectGradientsFor(context, [1], 'slope');
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const x = context.input(0)!;
  const dataType = context.info(x).dataType;
  const positive = builder.mask(builder.op('Greater', [x, builder.scalar(0, dataType)]), dataType);
  const negative = builder.sub(builder.scalar(1, dataType), positive);
  const slope = builder.add(positive, builder.mul(negative, context.input(1)!));
  context.addInputGradient(0, builder.mul(gradient, slope));
};
