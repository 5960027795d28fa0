import { intAttr, intsAttr, intsAttribute } from '../proto/attributes.js';
import { DataType, lowestFinite } from '../proto/data-type.js';
import type { GradientRule } from './gradient-rule.js';
import { transposedGeometry, windowGeometry } from './window-geometry.js';

/**
 * `MaxPool` (any kernel, strides, pads, `auto_pad`, dilations, `ceil_mode`, overlapping windows), exactly and in
 * any opset from 7: each window's values are extracted with a grouped `Conv` whose kernels are one-hot
 * (padding with the lowest finite value, so padding never wins), the first maximum of each window is marked
 * with `ArgMax` + `Equal`, the output gradient is routed to it, and a `ConvTranspose` with the same one-hot
 * kernels adds the windows' contributions back onto the input (overlaps accumulate).
 */
export const maxPoolGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder, node } = context;
  const x = context.input(0)!;
  const xInfo = context.info(x);
  const yInfo = context.info(context.output(0)!);
  if (xInfo.dynamic.slice(1).some(Boolean))
    context.unsupported('its channels or spatial size change with the batch');
  if (!intsAttribute(node, 'kernel_shape')) context.unsupported('it has no kernel_shape');
  const channels = xInfo.shape[1]!;
  const inputSize = xInfo.shape.slice(2);
  const outputSize = yInfo.shape.slice(2);
  const geometry = windowGeometry(node, inputSize);
  const transposed = transposedGeometry(geometry, inputSize, outputSize);
  const rank = inputSize.length;
  const windowSize = geometry.kernel.reduce((product, size) => product * size, 1);
  const dataType = xInfo.dataType;
  // One-hot kernels [channels * windowSize, 1, ...kernel]: output channel c*K + j copies window position j.
  const kernel = new Float32Array(channels * windowSize * windowSize);
  for (let channel = 0; channel < channels; channel++) {
    for (let position = 0; position < windowSize; position++) {
      kernel[(channel * windowSize + position) * windowSize + position] = 1;
    }
  }
  const oneHot = builder.constant(kernel, [channels * windowSize, 1, ...geometry.kernel], dataType, 'window');
  const padBegin = geometry.pads.slice(0, rank);
  const padEnd = geometry.pads.slice(rank).map((size, axis) => size + transposed.overhang[axis]!);
  const padded = builder.pad(x, [0, 0, ...padBegin, 0, 0, ...padEnd], lowestFinite(dataType), dataType);
  const windowAttributes = [
    intAttr('group', channels),
    intsAttr('kernel_shape', geometry.kernel),
    intsAttr('strides', geometry.strides),
    intsAttr('dilations', geometry.dilations),
  ];
  const windows = builder.op(
    'Conv',
    [padded, oneHot],
    [...windowAttributes, intsAttr('pads', new Array<number>(2 * rank).fill(0))],
  );
  const grouped = builder.reshapeTo(windows, [0, channels, windowSize, ...outputSize]);
  const first = builder.op('ArgMax', [grouped], [intAttr('axis', 2), intAttr('keepdims', 1)]);
  const positions = builder.constant(
    Array.from({ length: windowSize }, (_, index) => index),
    [1, 1, windowSize, ...new Array<number>(rank).fill(1)],
    DataType.INT64,
    'window_positions',
  );
  const isMax = builder.mask(builder.op('Equal', [first, positions]), dataType);
  const routed = builder.mul(isMax, builder.unsqueeze(gradient, [2]));
  const flat = builder.reshapeTo(routed, [0, channels * windowSize, ...outputSize]);
  const dx = builder.op(
    'ConvTranspose',
    [flat, oneHot],
    [
      ...windowAttributes,
      intsAttr('pads', transposed.pads),
      intsAttr('output_padding', transposed.outputPadding),
    ],
  );
  context.addInputGradient(0, dx);
};
