import type { GradientRule } from './gradient-rule.js';

/** `Erf`: `dX = dY * 2/√π * exp(-X²)` (the exact GELU's building block). */
export const erfGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const x = context.input(0)!;
  const dataType = context.info(x).dataType;
  const bell = builder.op('Exp', [builder.neg(builder.mul(x, x))]);
  context.addInputGradient(0, builder.mul(gradient, builder.scale(bell, 2 / Math.sqrt(Math.PI), dataType)));
};
