import { addSubGradient } from './add-sub.js';
import { averagePoolGradient } from './average-pool.js';
import { batchNormalizationGradient } from './batch-normalization.js';
import { castGradient } from './cast.js';
import { clipGradient } from './clip.js';
import { concatGradient } from './concat.js';
import { convGradient } from './conv.js';
import { divGradient } from './div.js';
import { erfGradient } from './erf.js';
import { expGradient } from './exp.js';
import { expandGradient } from './expand.js';
import { gatherGradient } from './gather.js';
import { geluGradient } from './gelu.js';
import { gemmGradient } from './gemm.js';
import { globalAveragePoolGradient, globalMaxPoolGradient } from './global-pool.js';
import type { GradientRule } from './gradient-rule.js';
import { guidedReluGradient } from './guided-relu.js';
import { hardSigmoidGradient } from './hard-sigmoid.js';
import { hardSwishGradient } from './hard-swish.js';
import { layerNormalizationGradient } from './layer-normalization.js';
import { leakyReluGradient } from './leaky-relu.js';
import { logGradient } from './log.js';
import { matMulGradient } from './mat-mul.js';
import { maxPoolGradient } from './max-pool.js';
import { mulGradient } from './mul.js';
import { negGradient } from './neg.js';
import { pReluGradient } from './p-relu.js';
import { padGradient } from './pad.js';
import { passThroughGradient } from './pass-through.js';
import { powGradient } from './pow.js';
import { reciprocalGradient } from './reciprocal.js';
import { reduceGradient } from './reduce.js';
import { reluGradient } from './relu.js';
import { reshapeGradient } from './reshape.js';
import { resizeGradient } from './resize.js';
import { sigmoidGradient } from './sigmoid.js';
import { sliceGradient } from './slice.js';
import { logSoftmaxGradient, softmaxGradient } from './softmax.js';
import { splitGradient } from './split.js';
import { sqrtGradient } from './sqrt.js';
import { tanhGradient } from './tanh.js';
import { transposeGradient } from './transpose.js';
import { whereGradient } from './where.js';

/** The backward rules, by operator type (default ONNX domain). */
export const gradientRules: ReadonlyMap<string, GradientRule> = new Map<string, GradientRule>([
  ['Add', addSubGradient],
  ['AveragePool', averagePoolGradient],
  ['BatchNormalization', batchNormalizationGradient],
  ['Cast', castGradient],
  ['Clip', clipGradient],
  ['Concat', concatGradient],
  ['Conv', convGradient],
  ['Div', divGradient],
  ['Dropout', passThroughGradient],
  ['Erf', erfGradient],
  ['Exp', expGradient],
  ['Expand', expandGradient],
  ['Flatten', reshapeGradient],
  ['Gather', gatherGradient],
  ['Gelu', geluGradient],
  ['Gemm', gemmGradient],
  ['GlobalAveragePool', globalAveragePoolGradient],
  ['GlobalMaxPool', globalMaxPoolGradient],
  ['HardSigmoid', hardSigmoidGradient],
  ['HardSwish', hardSwishGradient],
  ['Identity', passThroughGradient],
  ['LayerNormalization', layerNormalizationGradient],
  ['LeakyRelu', leakyReluGradient],
  ['Log', logGradient],
  ['LogSoftmax', logSoftmaxGradient],
  ['MatMul', matMulGradient],
  ['MaxPool', maxPoolGradient],
  ['Mul', mulGradient],
  ['Neg', negGradient],
  ['Pad', padGradient],
  ['Pow', powGradient],
  ['PRelu', pReluGradient],
  ['Reciprocal', reciprocalGradient],
  ['ReduceMean', reduceGradient],
  ['ReduceSum', reduceGradient],
  ['Relu', reluGradient],
  ['Reshape', reshapeGradient],
  ['Resize', resizeGradient],
  ['Sigmoid', sigmoidGradient],
  ['Slice', sliceGradient],
  ['Softmax', softmaxGradient],
  ['Split', splitGradient],
  ['Sqrt', sqrtGradient],
  ['Squeeze', reshapeGradient],
  ['Sub', addSubGradient],
  ['Sum', addSubGradient],
  ['Tanh', tanhGradient],
  ['Transpose', transposeGradient],
  ['Unsqueeze', reshapeGradient],
  ['Upsample', resizeGradient],
  ['Where', whereGradient],
]);

/**
 * The rules of Guided Backpropagation: {@link gradientRules} with every `Relu` passing only positive gradient
 * where its input is positive ({@link guidedReluGradient}). Other activations keep their exact rule, as
 * pytorch-grad-cam's `GuidedBackpropReLUModel` replaces exactly the `ReLU` modules.
 */
export const guidedGradientRules: ReadonlyMap<string, GradientRule> = new Map<string, GradientRule>([
  ...gradientRules,
  ['Relu', guidedReluGradient],
]);

/** The operator types the backward pass can go through, sorted. */
export function supportedGradientOperators(): string[] {
  return [...gradientRules.keys()].sort();
}
