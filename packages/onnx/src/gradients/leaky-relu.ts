import { floatAttribute } from '../proto/attributes.js';
import type { GradientRule } from './gradient-rule.js';

/** `LeakyRelu`: `dX = dY * (X > 0 ? 1 : alpha)`. */
export const leakyReluGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const x = context.input(0)!;
  const dataType = context.info(x).dataType;
  const alpha = floatAttribute(context.node, 'alpha', 0.01);
  const positive = builder.mask(builder.op('Greater', [x, builder.scalar(0, dataType)]), dataType);
  const slope = builder.add(builder.scale(positive, 1 - alpha, dataType), builder.scalar(alpha, dataType));
  context.addInputGradient(0, builder.mul(gradient, slope));
};
