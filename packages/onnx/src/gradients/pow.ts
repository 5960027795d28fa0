import { unbroadcast } from './broadcast.js';
import type { GradientRule } from './gradient-rule.js';

/**
 * `Pow` (broadcasting; the exponent may have another numeric type from opset 12): `dX = dY * E * X^(E-1)` and,
 * when the exponent depends on the layer, `dE = dY * Y * ln X`; each summed over its operand's broadcast axes.
 * The variance in a decomposed LayerNorm (`Pow(x - mean, 2)`) and the tanh GELU (`Pow(x, 3)`) go through it.
 */
export const powGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient) return;
  const { builder } = context;
  const x = context.input(0)!;
  const exponent = context.input(1)!;
  const y = context.output(0)!;
  const yInfo = context.info(y);
  const dataType = context.info(x).dataType;
  if (context.needsGradient(0)) {
    const power = builder.cast(exponent, dataType);
    const lowered = builder.op('Pow', [x, builder.sub(power, builder.scalar(1, dataType))]);
    const local = builder.mul(gradient, builder.mul(power, lowered));
    context.addInputGradient(0, unbroadcast(builder, local, yInfo, x, context.info(x)));
  }
  if (context.needsGradient(1)) {
    const local = builder.mul(gradient, builder.mul(y, builder.op('Log', [x])));
    context.addInputGradient(1, unbroadcast(builder, local, yInfo, exponent, context.info(exponent)));
  }
};
