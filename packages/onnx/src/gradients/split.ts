import { intAttribute } from '../proto/attributes.js';
import type { GradientRule } from './gradient-rule.js';

/** `Split`: the outputs' gradients (zeros for outputs that do not reach the score) concatenated back. */
export const splitGradient: GradientRule = (context) => {
  if (!context.needsGradient(0)) return;
  const { builder, node } = context;
  const outputs = node.output ?? [];
  const rank = context.info(context.input(0)!).shape.length;
  const raw = intAttribute(node, 'axis', 0);
  const axis = raw < 0 ? raw + rank : raw;
  if (outputs.some((name) => name === '')) context.unsupported('it has omitted outputs');
  const parts = outputs.map((name, index) => context.outputGradient(index) ?? builder.zerosLike(name));
  context.addInputGradient(0, parts.length === 1 ? parts[0]! : builder.concat(parts, axis));
};
