import { unbroadcast } from './broadcast.js';
import type { GradientRule } from './gradient-rule.js';

/** `Mul` (broadcasting): `dA = dY * B` and `dB = dY * A`, each summed over its operand's broadcast axes. */
export const mulGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient) return;
  const { builder } = context;
  const yInfo = context.info(context.output(0)!);
  for (const index of [0, 1]) {
    if (!context.needsGradient(index)) continue;
    const operand = context.input(index)!;
    const product = builder.mul(gradient, context.input(1 - index)!);
    context.addInputGradient(index, unbroadcast(builder, product, yInfo, operand, context.info(operand)));
  }
};
