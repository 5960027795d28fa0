import { intAttr, intsAttr } from '../proto/attributes.js';
import type { GradientRule } from './gradient-rule.js';
import { transposedGeometry, windowGeometry } from './window-geometry.js';

/**
 * `AveragePool` (strides, pads, `auto_pad`, `ceil_mode`, `count_include_pad`, dilations): each output's
 * gradient divided by its window's divisor, spread over its window with a `ConvTranspose` of ones. The
 * divisors are taken from the runtime itself: the same `AveragePool` applied to ones, divided by the number of
 * in-bounds positions of each window (a constant the session folds once).
 */
export const averagePoolGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder, node } = context;
  const x = context.input(0)!;
  const xInfo = context.info(x);
  const yInfo = context.info(context.output(0)!);
  if (xInfo.dynamic.slice(1).some(Boolean))
    context.unsupported('its channels or spatial size change with the batch');
  const channels = xInfo.shape[1]!;
  const inputSize = xInfo.shape.slice(2);
  const outputSize = yInfo.shape.slice(2);
  const geometry = windowGeometry(node, inputSize);
  const transposed = transposedGeometry(geometry, inputSize, outputSize);
  const dataType = xInfo.dataType;
  const windowSize = geometry.kernel.reduce((product, size) => product * size, 1);
  const ones = builder.constant(
    new Float32Array(inputSize.reduce((product, size) => product * size, 1)).fill(1),
    [1, 1, ...inputSize],
    dataType,
    'pool_ones',
  );
  const averagedOnes = builder.op('AveragePool', [ones], node.attribute ?? []);
  const counts = inBoundsCounts(
    inputSize,
    outputSize,
    geometry.kernel,
    geometry.strides,
    geometry.dilations,
    geometry.pads,
  );
  const perOutput = builder.div(
    averagedOnes,
    builder.constant(counts, [1, 1, ...outputSize], dataType, 'pool_counts'),
  );
  const weights = builder.constant(
    new Float32Array(channels * windowSize).fill(1),
    [channels, 1, ...geometry.kernel],
    dataType,
    'pool_kernel',
  );
  const dx = builder.op(
    'ConvTranspose',
    [builder.mul(gradient, perOutput), weights],
    [
      intAttr('group', channels),
      intsAttr('kernel_shape', geometry.kernel),
      intsAttr('strides', geometry.strides),
      intsAttr('dilations', geometry.dilations),
      intsAttr('pads', transposed.pads),
      intsAttr('output_padding', transposed.outputPadding),
    ],
  );
  context.addInputGradient(0, dx);
};

/** Per output position (row-major), how many window positions fall inside the unpadded input (at least 1). */
function inBoundsCounts(
  inputSize: readonly number[],
  outputSize: readonly number[],
  kernel: readonly number[],
  strides: readonly number[],
  dilations: readonly number[],
  pads: readonly number[],
): Float32Array {
  const perAxis = inputSize.map((size, axis) =>
    Array.from({ length: outputSize[axis]! }, (_, index) => {
      const start = index * strides[axis]! - pads[axis]!;
      let count = 0;
      for (let tap = 0; tap < kernel[axis]!; tap++) {
        const position = start + tap * dilations[axis]!;
        if (position >= 0 && position < size) count++;
      }
      return Math.max(count, 1);
    }),
  );
  const total = outputSize.reduce((product, size) => product * size, 1);
  const counts = new Float32Array(total);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let count = 1;
    for (let axis = outputSize.length - 1; axis >= 0; axis--) {
      count *= perAxis[axis]![rest % outputSize[axis]!]!;
      rest = Math.floor(rest / outputSize[axis]!);
    }
    counts[flat] = count;
  }
  return counts;
}
