import { intAttr, intAttribute } from '../proto/attributes.js';
import { DataType } from '../proto/data-type.js';
import type { GradientRule } from './gradient-rule.js';

/**
 * `Gather` along `axis` (a class token picked by `x[:, 0]`, an embedding lookup): the output gradient summed
 * into the gathered positions, repeated indices accumulating. The output gradient, with the index axes moved
 * last and flattened to `q`, is multiplied by the `[q, size]` one-hot matrix of the indices (a constant when the
 * indices are; `OneHot` otherwise), then the data axis is moved back. Negative indices count from the end.
 */
export const gatherGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient || !context.needsGradient(0)) return;
  const { builder, node } = context;
  if (context.needsGradient(1)) context.unsupported('its indices depend on the layer');
  const data = context.input(0)!;
  const indices = context.input(1)!;
  const dataInfo = context.info(data);
  const rank = dataInfo.shape.length;
  const indexRank = context.info(indices).shape.length;
  const rawAxis = intAttribute(node, 'axis', 0);
  const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
  const size = dataInfo.shape[axis]!;

  // dY: data[:axis] + indices.shape + data[axis+1:] → data[:axis] + data[axis+1:] + [q].
  const outer = Array.from({ length: axis }, (_, index) => index);
  const inner = Array.from({ length: rank - 1 - axis }, (_, index) => axis + indexRank + index);
  const indexAxes = Array.from({ length: indexRank }, (_, index) => axis + index);
  const moved = permute(builder, gradient, [...outer, ...inner, ...indexAxes]);
  const flat = builder.reshapeTo(moved, [...new Array<number>(rank - 1).fill(0), -1]);

  let oneHot: string;
  const constant = context.constantValue(indices);
  if (constant && !dataInfo.dynamic[axis]) {
    const values = new Float32Array(constant.length * size);
    constant.forEach((raw, row) => {
      const index = raw < 0 ? raw + size : raw;
      if (index >= 0 && index < size) values[row * size + index] = 1;
    });
    oneHot = builder.constant(values, [constant.length, size], DataType.FLOAT, 'gather_one_hot');
  } else {
    if (context.opset < 11) context.unsupported('computed indices need opset 11 or later (OneHot)');
    const depth = dataInfo.dynamic[axis]
      ? builder.op('Gather', [builder.shape(data), builder.int64s([axis])])
      : builder.int64s([size]);
    const flatIndices = builder.reshapeTo(builder.cast(indices, DataType.INT64), [-1]);
    oneHot = builder.op(
      'OneHot',
      [flatIndices, depth, builder.constant([0, 1], [2], DataType.FLOAT, 'one_hot_values')],
      [intAttr('axis', -1)],
    );
  }
  const product = builder.op('MatMul', [flat, builder.cast(oneHot, dataInfo.dataType)]);
  const restore = [
    ...outer,
    rank - 1,
    ...Array.from({ length: rank - 1 - axis }, (_, index) => axis + index),
  ];
  context.addInputGradient(0, permute(builder, product, restore));
};

function permute(
  builder: Parameters<GradientRule>[0]['builder'],
  x: string,
  perm: readonly number[],
): string {
  return perm.every((source, axis) => source === axis) ? x : builder.transpose(x, perm);
}
