import { unbroadcast } from './broadcast.js';
import type { GradientRule } from './gradient-rule.js';

/** `Div` (broadcasting): `dA = dY / B` and `dB = -dY * Y / B`, each summed over its operand's broadcast axes. */
export const divGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient) return;
  const { builder } = context;
  const a = context.input(0)!;
  const b = context.input(1)!;
  const y = context.output(0)!;
  const yInfo = context.info(y);
  if (context.needsGradient(0)) {
    context.addInputGradient(0, unbroadcast(builder, builder.div(gradient, b), yInfo, a, context.info(a)));
  }
  if (context.needsGradient(1)) {
    const quotient = builder.neg(builder.div(builder.mul(gradient, y), b));
    context.addInputGradient(1, unbroadcast(builder, quotient, yInfo, b, context.info(b)));
  }
};
