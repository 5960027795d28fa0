import type { GradientRule } from './gradient-rule.js';

/** `Reshape`, `Flatten`, `Squeeze`, `Unsqueeze`: the output gradient reshaped to the input's shape. */
export const reshapeGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  context.addInputGradient(0, context.builder.reshapeLike(gradient, context.input(0)!));
};
