import { floatAttribute } from '../proto/attributes.js';
import type { GradientRule } from './gradient-rule.js';

/** `HardSigmoid` (`max(0, min(1, alpha X + beta))`): `dX = dY * alpha` where `0 < alpha X + beta < 1`, else 0. */
export const hardSigmoidGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder, node } = context;
  const x = context.input(0)!;
  const dataType = context.info(x).dataType;
  const alpha = floatAttribute(node, 'alpha', 0.2);
  const beta = floatAttribute(node, 'beta', 0.5);
  const linear = builder.add(builder.scale(x, alpha, dataType), builder.scalar(beta, dataType));
  const inside = builder.op('And', [
    builder.op('Greater', [linear, builder.scalar(0, dataType)]),
    builder.op('Less', [linear, builder.scalar(1, dataType)]),
  ]);
  const slope = builder.scale(builder.mask(inside, dataType), alpha, dataType);
  context.addInputGradient(0, builder.mul(gradient, slope));
};
