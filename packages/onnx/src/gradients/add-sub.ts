import { unbroadcast } from './broadcast.js';
import type { GradientRule } from './gradient-rule.js';

/** `Add`, `Sub` and `Sum` (broadcasting): each operand gets the output gradient (negated for Sub's second), summed over its broadcast axes. */
export const addSubGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient) return;
  const { builder, node } = context;
  const yInfo = context.info(context.output(0)!);
  const count = (node.input ?? []).length;
  for (let index = 0; index < count; index++) {
    if (!context.needsGradient(index)) continue;
    const operand = context.input(index)!;
    const signed = node.opType === 'Sub' && index === 1 ? builder.neg(gradient) : gradient;
    context.addInputGradient(index, unbroadcast(builder, signed, yInfo, operand, context.info(operand)));
  }
};
