import { floatAttribute, intAttribute } from '../proto/attributes.js';
import { type GradientRule, rejectGradientsFor } from './gradient-rule.js';

/**
 * `BatchNormalization` in inference mode: `dX = dY * scale / sqrt(var + epsilon)`, per channel (axis 1).
 * Training mode (batch statistics) is rejected.
 */
export const batchNormalizationGradient: GradientRule = (context) => {
  const { builder, node } = context;
  if (intAttribute(node, 'training_mode', 0) === 1) context.unsupported('training mode is not supported');
  if (context.opset < 9 && intAttribute(node, 'spatial', 1) === 0) {
    context.unsupported('spatial=0 (per-position statistics) is not supported');
  }
  rejectGradientsFor(context, [1, 2, 3, 4], 'scale, bias or statistics');
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const x = context.input(0)!;
  const xInfo = context.info(x);
  const scale = context.input(1)!;
  const variance = context.input(4)!;
  const statsType = context.info(variance).dataType;
  const scaleType = context.info(scale).dataType;
  const epsilon = floatAttribute(node, 'epsilon', 1e-5);
  const deviation = builder.op('Sqrt', [builder.add(variance, builder.scalar(epsilon, statsType))]);
  const sameType = scaleType === statsType ? scale : builder.cast(scale, statsType);
  const quotient = builder.div(sameType, deviation);
  const factor = statsType === xInfo.dataType ? quotient : builder.cast(quotient, xInfo.dataType);
  const channels = xInfo.shape[1] ?? 1;
  const perChannel =
    xInfo.shape.length > 2
      ? builder.reshapeTo(factor, [channels, ...new Array<number>(xInfo.shape.length - 2).fill(1)])
      : factor;
  context.addInputGradient(0, builder.mul(gradient, perChannel));
};
