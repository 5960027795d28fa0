import type { TensorInfo } from '../graph/tensor-info.js';
import { unbroadcast } from './broadcast.js';
import type { GradientRule } from './gradient-rule.js';

/**
 * `MatMul` (numpy semantics: batched, broadcast batch axes, 1-D operands): `dA = dY Bᵀ` and `dB = Aᵀ dY` on the
 * last two axes, summed over the axes an operand was broadcast along.
 */
export const matMulGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (!gradient) return;
  const { builder } = context;
  const a = context.input(0)!;
  const b = context.input(1)!;
  const aInfo = context.info(a);
  const bInfo = context.info(b);
  const yInfo = context.info(context.output(0)!);
  if (aInfo.shape.length === 1 && bInfo.shape.length === 1) {
    if (context.needsGradient(0)) context.addInputGradient(0, builder.mul(gradient, b));
    if (context.needsGradient(1)) context.addInputGradient(1, builder.mul(gradient, a));
    return;
  }
  // Work with 2-D-or-more operands: a 1-D A is [1, K], a 1-D B is [K, 1], and dY gets those axes back.
  const a2 = aInfo.shape.length === 1 ? builder.reshapeTo(a, [1, -1]) : a;
  const b2 = bInfo.shape.length === 1 ? builder.reshapeTo(b, [-1, 1]) : b;
  const a2Info = aInfo.shape.length === 1 ? fixed(aInfo, [1, aInfo.shape[0]!]) : aInfo;
  const b2Info = bInfo.shape.length === 1 ? fixed(bInfo, [bInfo.shape[0]!, 1]) : bInfo;
  const y2Rank = yInfo.shape.length + (aInfo.shape.length === 1 ? 1 : 0) + (bInfo.shape.length === 1 ? 1 : 0);
  const restored: number[] = [];
  if (aInfo.shape.length === 1) restored.push(y2Rank - 2);
  if (bInfo.shape.length === 1) restored.push(y2Rank - 1);
  const dy2 = builder.unsqueeze(gradient, restored);
  const batch = yInfo.shape.slice(0, y2Rank - 2);
  const batchDynamic = yInfo.dynamic.slice(0, y2Rank - 2);
  const swap = (rank: number) => [...Array.from({ length: rank - 2 }, (_, axis) => axis), rank - 1, rank - 2];
  if (context.needsGradient(0)) {
    const product = builder.op('MatMul', [dy2, builder.transpose(b2, swap(b2Info.shape.length))]);
    const productInfo: TensorInfo = {
      dataType: aInfo.dataType,
      shape: [...batch, a2Info.shape.at(-2)!, a2Info.shape.at(-1)!],
      dynamic: [...batchDynamic, a2Info.dynamic.at(-2)!, a2Info.dynamic.at(-1)!],
    };
    const reduced = unbroadcast(builder, product, productInfo, a2, a2Info);
    context.addInputGradient(0, aInfo.shape.length === 1 ? builder.reshapeLike(reduced, a) : reduced);
  }
  if (context.needsGradient(1)) {
    const product = builder.op('MatMul', [builder.transpose(a2, swap(a2Info.shape.length)), dy2]);
    const productInfo: TensorInfo = {
      dataType: bInfo.dataType,
      shape: [...batch, b2Info.shape.at(-2)!, b2Info.shape.at(-1)!],
      dynamic: [...batchDynamic, b2Info.dynamic.at(-2)!, b2Info.dynamic.at(-1)!],
    };
    const reduced = unbroadcast(builder, product, productInfo, b2, b2Info);
    context.addInputGradient(1, bInfo.shape.length === 1 ? builder.reshapeLike(reduced, b) : reduced);
  }
};

function fixed(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataType: info.dataType, shape, dynamic: shape.map(() => false) };
}
