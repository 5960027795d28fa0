import { intAttr, intAttribute, intsAttr } from '../proto/attributes.js';
import { type GradientRule, rejectGradientsFor } from './gradient-rule.js';
import { transposedGeometry, windowGeometry } from './window-geometry.js';

/**
 * `Conv` (any number of spatial axes, groups and depthwise, strides, pads, `auto_pad`, dilations): the input
 * gradient is `ConvTranspose` with the same weights, group, strides, dilations and pads, and the
 * `output_padding` that restores the input's size. The bias gradient is the sum of the output gradient over
 * every axis but the channels.
 */
export const convGradient: GradientRule = (context) => {
  rejectGradientsFor(context, [1], 'weights');
  const gradient = context.outputGradient(0);
  if (!gradient) return;
  const { builder } = context;
  const x = context.input(0)!;
  const xInfo = context.info(x);
  const yInfo = context.info(context.output(0)!);
  const weights = context.input(1)!;
  const inputSize = xInfo.shape.slice(2);
  if (xInfo.dynamic.slice(2).some(Boolean)) context.unsupported('its spatial size changes with the batch');
  if (context.needsGradient(0)) {
    const geometry = windowGeometry(context.node, inputSize, context.info(weights).shape.slice(2));
    const transposed = transposedGeometry(geometry, inputSize, yInfo.shape.slice(2));
    const dx = builder.op(
      'ConvTranspose',
      [gradient, weights],
      [
        intAttr('group', intAttribute(context.node, 'group', 1)),
        intsAttr('kernel_shape', geometry.kernel),
        intsAttr('strides', geometry.strides),
        intsAttr('dilations', geometry.dilations),
        intsAttr('pads', transposed.pads),
        intsAttr('output_padding', transposed.outputPadding),
      ],
    );
    context.addInputGradient(0, dx);
  }
  const bias = context.input(2);
  if (bias && context.needsGradient(2)) {
    const axes = yInfo.shape.map((_, axis) => axis).filter((axis) => axis !== 1);
    context.addInputGradient(2, builder.reduceSum(gradient, axes, false));
  }
};
