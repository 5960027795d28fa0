import { unbroadcast } from './broadcast.js';
import type { GradientRule } from './gradient-rule.js';

/**
 * `Where(condition, X, Y)` (broadcasting): `dX = dY` where the condition holds and `dY = dY` where it does not,
 * zeros elsewhere, each summed over its operand's broadcast axes. The boolean condition carries no gradient.
 */
export const whereGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient) return;
  const { builder } = context;
  const condition = context.input(0)!;
  const yInfo = context.info(context.output(0)!);
  const zero = builder.scalar(0, yInfo.dataType);
  for (const index of [1, 2]) {
    if (!context.needsGradient(index)) continue;
    const operand = context.input(index)!;
    const picked = builder.op(
      'Where',
      index === 1 ? [condition, gradient, zero] : [condition, zero, gradient],
    );
    context.addInputGradient(index, unbroadcast(builder, picked, yInfo, operand, context.info(operand)));
  }
};
