import { intsAttribute, stringAttribute } from '../proto/attributes.js';
import { type GradientRule, rejectGradientsFor, requireConstant } from './gradient-rule.js';

/** `Pad` in constant mode (pads as attribute before opset 11, as a constant input from 11): the output gradient sliced back to the input. */
export const padGradient: GradientRule = (context) => {
  rejectGradientsFor(context, [2], 'padding value');
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder, node } = context;
  const mode = stringAttribute(node, 'mode', 'constant');
  if (mode !== 'constant') context.unsupported(`mode '${mode}' is not supported (only 'constant')`);
  const rank = context.info(context.input(0)!).shape.length;
  let pads: number[];
  let axes = Array.from({ length: rank }, (_, axis) => axis);
  if (context.opset < 11) {
    pads = intsAttribute(node, 'pads') ?? [];
  } else {
    pads = requireConstant(context, context.input(1)!, 'pads');
    const axesName = context.input(3);
    if (axesName)
      axes = requireConstant(context, axesName, 'axes').map((axis) => (axis < 0 ? axis + rank : axis));
  }
  if (pads.some((size) => size < 0)) context.unsupported('negative pads (cropping) are not supported');
  const count = axes.length;
  const starts: number[] = [];
  const ends: number[] = [];
  const sliced: number[] = [];
  axes.forEach((axis, index) => {
    const begin = pads[index] ?? 0;
    const end = pads[index + count] ?? 0;
    if (begin === 0 && end === 0) return;
    starts.push(begin);
    ends.push(end > 0 ? -end : 2 ** 62);
    sliced.push(axis);
  });
  context.addInputGradient(0, builder.slice(gradient, starts, ends, sliced));
};
