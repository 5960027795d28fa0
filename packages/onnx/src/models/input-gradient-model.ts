import { emitBackwardPass } from '../gradients/backward-pass.js';
import { gradientRules, guidedGradientRules } from '../gradients/registry.js';
import { deriveModel, tensorValueInfo } from '../graph/derive-model.js';
import { DataType } from '../proto/data-type.js';
import type { ModelProto } from '../proto/onnx.js';
import { float32Output, float32ProbedInput } from './float32-boundary.js';
import type { ProbedModel } from './probed-model.js';
import { emitTargetSeed } from './target-seed.js';

/** The model computing the scores and the gradient with respect to the input, and the names to feed and fetch. */
export interface InputGradientModel {
  /** The model: the forward pass, the target weighting and the backward pass to the input. */
  readonly model: ModelProto;
  /** Input names: the image batch (float32), the score weights `[N, classes]` (float32), the top-1 switch (`[1]`). */
  readonly feeds: { readonly input: string; readonly weights: string; readonly top: string };
  /** Output names (float32): scores `[N, classes]` and the gradient with respect to the input (its shape). */
  readonly fetches: { readonly scores: string; readonly gradients: string };
}

/**
 * Builds the model computing, in one run, the scores and the gradient of each sample's weighted score
 * `sum_k w[n,k] * scores[n,k]` with respect to the model's input (the backward pass extended through the first
 * layers to the graph input). With `guided`, every `Relu` passes only positive gradient where its input is
 * positive (Guided Backpropagation). For a float16 model the gradient is taken in float16 with respect to the
 * model's own input and returned as float32.
 *
 * @param probed - the model with its tensor shapes.
 * @param score - the score tensor.
 * @param guided - Guided Backpropagation instead of the exact gradient.
 * @throws `GradientNotSupportedError` for an operator on the path that has no backward rule.
 */
export function buildInputGradientModel(
  probed: ProbedModel,
  score: string,
  guided: boolean,
): InputGradientModel {
  const { graph } = probed;
  const builder = probed.builder();
  const target = graph.input.name!;
  const input = float32ProbedInput(probed, builder, target);
  const objective = emitTargetSeed(builder, score);
  const rules = guided ? guidedGradientRules : gradientRules;
  const gradient = emitBackwardPass({
    graph,
    builder,
    target,
    score,
    seed: objective.seed,
    rules,
    knownValue: (name) => probed.knownValue(name),
  });
  let gradientsOut = float32Output(builder, gradient, 'input_gradients');
  if (gradientsOut.name === input.feed || gradientsOut.name === objective.scores.name) {
    const copy = builder.op('Identity', [gradientsOut.name]);
    gradientsOut = { name: copy, output: tensorValueInfo(copy, DataType.FLOAT) };
  }
  const model = deriveModel(graph, {
    inputs: [input.input, ...objective.inputs],
    prologue: input.prologue,
    epilogue: builder.nodes,
    initializers: builder.initializers,
    outputs: [objective.scores.output, gradientsOut.output],
  });
  return {
    model,
    feeds: { input: input.feed, ...objective.feeds },
    fetches: { scores: objective.scores.name, gradients: gradientsOut.name },
  };
}
