import { intAttribute } from '../proto/attributes.js';
import type { GradientContext, GradientRule } from './gradient-rule.js';

/** `Softmax`: `dX = Y * (dY - sum(dY * Y))` over the softmax axes (all axes from `axis` before opset 13). */
export const softmaxGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const y = context.output(0)!;
  const total = builder.reduceSum(builder.mul(gradient, y), softmaxAxes(context), true);
  context.addInputGradient(0, builder.mul(y, builder.sub(gradient, total)));
};

/** `LogSoftmax`: `dX = dY - exp(Y) * sum(dY)` over the softmax axes. */
export const logSoftmaxGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const y = context.output(0)!;
  const total = builder.reduceSum(gradient, softmaxAxes(context), true);
  context.addInputGradient(0, builder.sub(gradient, builder.mul(builder.op('Exp', [y]), total)));
};

/** The axes a (Log)Softmax normalises over, non-negative. */
export function softmaxAxes(context: GradientContext): number[] {
  const rank = context.info(context.input(0)!).shape.length;
  const legacy = context.opset < 13;
  const raw = intAttribute(context.node, 'axis', legacy ? 1 : -1);
  const axis = raw < 0 ? raw + rank : raw;
  return legacy ? Array.from({ length: rank - axis }, (_, index) => axis + index) : [axis];
}
