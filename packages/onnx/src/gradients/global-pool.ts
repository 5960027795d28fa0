import { intAttr } from '../proto/attributes.js';
import { DataType } from '../proto/data-type.js';
import type { GradientRule } from './gradient-rule.js';

/** `GlobalAveragePool`: the output gradient spread evenly over the spatial positions. */
export const globalAveragePoolGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const x = context.input(0)!;
  const xInfo = context.info(x);
  if (xInfo.dynamic.slice(2).some(Boolean)) context.unsupported('its spatial size changes with the batch');
  const positions = xInfo.shape.slice(2).reduce((product, size) => product * size, 1);
  // Scale the small [N, C, 1, 1] gradient, then broadcast it: one full-size operation instead of two.
  const scaled = builder.scale(gradient, 1 / positions, xInfo.dataType);
  if (scaled !== gradient) builder.setInfo(scaled, builder.requireInfo(gradient));
  context.addInputGradient(0, builder.expandLike(scaled, x));
};

/** `GlobalMaxPool`: the output gradient routed to the first maximum of each channel. */
export const globalMaxPoolGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder } = context;
  const x = context.input(0)!;
  const xInfo = context.info(x);
  if (xInfo.dynamic.slice(1).some(Boolean))
    context.unsupported('its channels or spatial size change with the batch');
  const positions = xInfo.shape.slice(2).reduce((product, size) => product * size, 1);
  const flat = builder.reshapeTo(x, [0, 0, -1]);
  const first = builder.op('ArgMax', [flat], [intAttr('axis', 2), intAttr('keepdims', 1)]);
  const indices = builder.constant(
    Array.from({ length: positions }, (_, index) => index),
    [1, 1, positions],
    DataType.INT64,
    'positions',
  );
  const isMax = builder.mask(builder.op('Equal', [first, indices]), xInfo.dataType);
  const routed = builder.mul(isMax, builder.reshapeTo(gradient, [0, 0, 1]));
  context.addInputGradient(0, builder.reshapeLike(routed, x));
};
