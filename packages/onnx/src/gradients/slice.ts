import { intsAttribute } from '../proto/attributes.js';
import { type GradientRule, requireConstant } from './gradient-rule.js';

/** `Slice` with steps of 1 (bounds as attributes before opset 10, as constant inputs from 10): the output gradient zero-padded back to the input's shape. */
export const sliceGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder, node } = context;
  const x = context.input(0)!;
  const xInfo = context.info(x);
  const rank = xInfo.shape.length;
  let starts: number[];
  let ends: number[];
  let axes: number[] | undefined;
  let steps: number[] | undefined;
  if (context.opset < 10) {
    starts = intsAttribute(node, 'starts') ?? [];
    ends = intsAttribute(node, 'ends') ?? [];
    axes = intsAttribute(node, 'axes');
  } else {
    starts = requireConstant(context, context.input(1)!, 'starts');
    ends = requireConstant(context, context.input(2)!, 'ends');
    const axesName = context.input(3);
    const stepsName = context.input(4);
    axes = axesName ? requireConstant(context, axesName, 'axes') : undefined;
    steps = stepsName ? requireConstant(context, stepsName, 'steps') : undefined;
  }
  if (steps?.some((step) => step !== 1)) context.unsupported('steps other than 1 are not supported');
  const pads = new Array<number>(2 * rank).fill(0);
  (axes ?? starts.map((_, index) => index)).forEach((rawAxis, index) => {
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    const size = xInfo.shape[axis]!;
    const clamp = (value: number) => Math.min(Math.max(value < 0 ? value + size : value, 0), size);
    const start = clamp(starts[index]!);
    const end = Math.max(clamp(ends[index]!), start);
    if (xInfo.dynamic[axis] && (start !== 0 || ends[index]! < 2 ** 31)) {
      context.unsupported('it slices along the batch axis');
    }
    pads[axis] = start;
    pads[axis + rank] = xInfo.dynamic[axis] ? 0 : size - end;
  });
  context.addInputGradient(0, builder.pad(gradient, pads, 0, xInfo.dataType));
};
