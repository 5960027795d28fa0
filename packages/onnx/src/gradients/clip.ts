import { findAttribute, floatAttribute } from '../proto/attributes.js';
import { type GradientRule, rejectGradientsFor } from './gradient-rule.js';

/**
 * `Clip` (ReLU6 and friends; bounds as attributes before opset 11, as optional inputs from 11):
 * `dX = dY * (min <= X <= max)`, as PyTorch's clamp.
 */
export const clipGradient: GradientRule = (context) => {
  rejectGradientsFor(context, [1, 2], 'bounds');
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder, node } = context;
  const x = context.input(0)!;
  const dataType = context.info(x).dataType;
  let low: string | undefined;
  let high: string | undefined;
  if (context.opset < 11) {
    if (findAttribute(node, 'min')) low = builder.scalar(floatAttribute(node, 'min', 0), dataType);
    if (findAttribute(node, 'max')) high = builder.scalar(floatAttribute(node, 'max', 0), dataType);
  } else {
    low = context.input(1);
    high = context.input(2);
  }
  const conditions: string[] = [];
  if (low) conditions.push(builder.op('Not', [builder.op('Less', [x, low])]));
  if (high) conditions.push(builder.op('Not', [builder.op('Greater', [x, high])]));
  if (conditions.length === 0) {
    context.addInputGradient(0, gradient);
    return;
  }
  const inside = conditions.length === 2 ? builder.op('And', conditions) : conditions[0]!;
  context.addInputGradient(0, builder.mul(gradient, builder.mask(inside, dataType)));
};
