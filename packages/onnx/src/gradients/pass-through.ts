import type { GradientRule } from './gradient-rule.js';

/** `Identity` and `Dropout` (inference): the gradient passes through unchanged. */
export const passThroughGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (gradient && context.needsGradient(0)) context.addInputGradient(0, gradient);
};
