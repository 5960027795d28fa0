import { floatAttr, floatAttribute, intAttr, intAttribute } from '../proto/attributes.js';
import { unbroadcast } from './broadcast.js';
import type { GradientRule } from './gradient-rule.js';

/**
 * `Gemm` (`Y = alpha * A' B' + beta * C`, with `transA` / `transB`): the operand gradients are `Gemm`s of the
 * output gradient with the other operand, transposed as needed; C's gradient is `beta` times the output
 * gradient summed over C's broadcast axes.
 */
export const gemmGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient) return;
  const { builder, node } = context;
  const a = context.input(0)!;
  const b = context.input(1)!;
  const transA = intAttribute(node, 'transA', 0) === 1;
  const transB = intAttribute(node, 'transB', 0) === 1;
  const alpha = floatAttribute(node, 'alpha', 1);
  const beta = floatAttribute(node, 'beta', 1);
  const dataType = context.info(a).dataType;
  const gemm = (left: string, right: string, ta: boolean, tb: boolean) => {
    const inputs = [left, right];
    if (context.opset < 11) inputs.push(builder.scalar(0, dataType));
    return builder.op('Gemm', inputs, [
      floatAttr('alpha', alpha),
      floatAttr('beta', 0),
      intAttr('transA', ta ? 1 : 0),
      intAttr('transB', tb ? 1 : 0),
    ]);
  };
  if (context.needsGradient(0)) {
    context.addInputGradient(0, transA ? gemm(b, gradient, transB, true) : gemm(gradient, b, false, !transB));
  }
  if (context.needsGradient(1)) {
    context.addInputGradient(1, transB ? gemm(gradient, a, true, transA) : gemm(a, gradient, !transA, false));
  }
  const c = context.input(2);
  if (c && context.needsGradient(2)) {
    const scaled = builder.scale(gradient, beta, dataType);
    context.addInputGradient(
      2,
      unbroadcast(builder, scaled, context.info(context.output(0)!), c, context.info(c)),
    );
  }
};
