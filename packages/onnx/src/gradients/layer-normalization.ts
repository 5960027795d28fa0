import { floatAttribute, intAttribute } from '../proto/attributes.js';
import { DataType } from '../proto/data-type.js';
import { unbroadcast } from './broadcast.js';
import type { GradientRule } from './gradient-rule.js';

/**
 * `LayerNormalization` (opset 17; `axis`, `epsilon`, `stash_type`): with `X̂ = (X - mean) / √(var + ε)` over the
 * axes from `axis` on and `G = dY * scale`,
 * `dX = (G - mean(G) - X̂ mean(G X̂)) / √(var + ε)`, `dScale = Σ dY X̂` and `dBias = Σ dY` over the axes they
 * were broadcast along. The statistics are recomputed from `X` (in float32 for float16 inputs when
 * `stash_type` is 1, as the forward pass does). Gradients flowing into the optional `Mean` and `InvStdDev`
 * outputs are rejected.
 */
export const layerNormalizationGradient: GradientRule = (context) => {
  const gradient = context.outputGradient(0);
  if (context.outputGradient(1) || context.outputGradient(2)) {
    context.unsupported('the gradient through its Mean or InvStdDev outputs is not implemented');
  }
  if (!gradient) return;
  const { builder, node } = context;
  const x = context.input(0)!;
  const scale = context.input(1)!;
  const bias = context.input(2);
  const y = context.output(0)!;
  const xInfo = context.info(x);
  const yInfo = context.info(y);
  const rank = xInfo.shape.length;
  const rawAxis = intAttribute(node, 'axis', -1);
  const first = rawAxis < 0 ? rawAxis + rank : rawAxis;
  const axes = Array.from({ length: rank - first }, (_, index) => first + index);
  const epsilon = floatAttribute(node, 'epsilon', 1e-5);
  const stashed = intAttribute(node, 'stash_type', 1) === 1;
  const narrow = xInfo.dataType === DataType.FLOAT16 || xInfo.dataType === DataType.BFLOAT16;
  const work = stashed && narrow ? DataType.FLOAT : xInfo.dataType;
  const toWork = (name: string) => (work === xInfo.dataType ? name : builder.cast(name, work));
  const back = (name: string) => (work === xInfo.dataType ? name : builder.cast(name, xInfo.dataType));

  const xw = toWork(x);
  const centered = builder.sub(xw, builder.reduceMean(xw, axes, true));
  const variance = builder.reduceMean(builder.mul(centered, centered), axes, true);
  const inverse = builder.op('Reciprocal', [
    builder.op('Sqrt', [builder.add(variance, builder.scalar(epsilon, work))]),
  ]);
  const normalized = builder.mul(centered, inverse);
  const dy = toWork(gradient);

  if (context.needsGradient(0)) {
    const g = builder.mul(dy, toWork(scale));
    const meanG = builder.reduceMean(g, axes, true);
    const meanGX = builder.reduceMean(builder.mul(g, normalized), axes, true);
    const dx = builder.mul(inverse, builder.sub(builder.sub(g, meanG), builder.mul(normalized, meanGX)));
    context.addInputGradient(0, back(dx));
  }
  if (context.needsGradient(1)) {
    const local = back(builder.mul(dy, normalized));
    context.addInputGradient(1, unbroadcast(builder, local, yInfo, scale, context.info(scale)));
  }
  if (bias && context.needsGradient(2)) {
    context.addInputGradient(2, unbroadcast(builder, gradient, yInfo, bias, context.info(bias)));
  }
};
