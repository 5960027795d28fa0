import type { GradientRule } from './gradient-rule.js';

/** `Cast` between float types (e.g. a float16 model's float32 ends): the gradient cast back to the input's type. */
export const castGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const x = context.input(0)!;
  context.addInputGradient(0, context.builder.cast(gradient, context.info(x).dataType));
};
