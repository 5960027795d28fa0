import { intsAttribute } from '../proto/attributes.js';
import { type GradientRule, requireConstant } from './gradient-rule.js';

/**
 * `Slice` (bounds as attributes before opset 10, as constant inputs from 10; positive steps): the output
 * gradient spread out by the step (zeros between the picked positions, as Swin's patch merging `x[:, 0::2, 0::2]`
 * needs) and zero-padded back to the input's shape.
 */
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
  if (steps?.some((step) => step < 1)) context.unsupported('negative steps are not supported');
  const yInfo = context.info(context.output(0)!);
  const shape = [...yInfo.shape];
  let spread = gradient;
  const pads = new Array<number>(2 * rank).fill(0);
  (axes ?? starts.map((_, index) => index)).forEach((rawAxis, index) => {
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    const size = xInfo.shape[axis]!;
    const clamp = (value: number) => Math.min(Math.max(value < 0 ? value + size : value, 0), size);
    const start = clamp(starts[index]!);
    const end = Math.max(clamp(ends[index]!), start);
    const step = steps?.[index] ?? 1;
    if (xInfo.dynamic[axis] && (start !== 0 || ends[index]! < 2 ** 31 || step !== 1)) {
      context.unsupported('it slices along the batch axis');
    }
    let covered = end - start;
    if (step > 1) {
      // [.., n, ..] → [.., n, 1, ..] → padded to [.., n, step, ..] → [.., n * step, ..]: picks at start + k step.
      const count = shape[axis]!;
      if (yInfo.dynamic.some((dynamic, other) => other > axis && dynamic)) {
        context.unsupported('a strided slice before the batch axis is not supported');
      }
      const widened = builder.pad(
        builder.unsqueeze(spread, [axis + 1]),
        Array.from({ length: 2 * (rank + 1) }, (_, position) =>
          position === rank + 1 + axis + 1 ? step - 1 : 0,
        ),
        0,
        xInfo.dataType,
      );
      const merged = shape.map((size, other) =>
        other < axis ? (yInfo.dynamic[other] ? 0 : size) : other === axis ? count * step : size,
      );
      spread = builder.reshapeTo(widened, merged);
      covered = Math.min(count * step, size - start);
      if (covered < count * step) spread = builder.slice(spread, [0], [covered], [axis]);
      shape[axis] = covered;
    }
    pads[axis] = start;
    pads[axis + rank] = xInfo.dynamic[axis] ? 0 : size - start - covered;
  });
  context.addInputGradient(0, builder.pad(spread, pads, 0, xInfo.dataType));
};
