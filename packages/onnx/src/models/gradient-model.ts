import { emitBackwardPass } from '../gradients/backward-pass.js';
import { deriveModel, tensorValueInfo } from '../graph/derive-model.js';
import { DataType } from '../proto/data-type.js';
import type { ModelProto } from '../proto/onnx.js';
import { float32Output, float32ProbedInput } from './float32-boundary.js';
import type { ProbedModel } from './probed-model.js';
import { emitTargetSeed } from './target-seed.js';

/** The augmented model of one (model, layer) pair and the names to feed and fetch. */
export interface GradientModel {
  /** The model: the forward pass, the target weighting and the backward pass to the layer. */
  readonly model: ModelProto;
  /** Input names: the image batch (float32), the score weights `[N, classes]` (float32), and the top-1 switch (float32 `[1]`). */
  readonly feeds: { readonly input: string; readonly weights: string; readonly top: string };
  /** Output names (all float32): scores `[N, classes]`, the layer's activations and their gradient. */
  readonly fetches: { readonly scores: string; readonly activations: string; readonly gradients: string };
}

/**
 * Builds the augmented model computing, in one run, the scores, the target layer's activations and the exact
 * gradient of each sample's weighted score `sum_k w[n,k] * scores[n,k]` with respect to them.
 *
 * The weights are `weights + top * onehot(argmax(scores))`: feed `top = 1` and zero weights for the top-1 class
 * (computed in the graph, so one run suffices), or `top = 0` and explicit weights.
 *
 * @param probed - the model with its tensor shapes.
 * @param target - the layer's tensor.
 * @param score - the score tensor.
 * @throws `GradientNotSupportedError` for an operator on the path that has no backward rule.
 */
export function buildGradientModel(probed: ProbedModel, target: string, score: string): GradientModel {
  const { graph } = probed;
  const builder = probed.builder();
  const input = float32ProbedInput(probed, builder, graph.input.name!);
  const objective = emitTargetSeed(builder, score);
  const scoresOut = objective.scores;
  const { seed } = objective;
  const gradient = emitBackwardPass({
    graph,
    builder,
    target,
    score,
    seed,
    knownValue: (name) => probed.knownValue(name),
  });
  const activationsOut = float32Output(builder, target, 'activations');
  let gradientsOut = float32Output(builder, gradient, 'gradients');
  if (gradientsOut.name === activationsOut.name || gradientsOut.name === scoresOut.name) {
    const copy = builder.op('Identity', [gradientsOut.name]);
    gradientsOut = { name: copy, output: tensorValueInfo(copy, DataType.FLOAT) };
  }
  let activations = activationsOut;
  if (activations.name === scoresOut.name) {
    const copy = builder.op('Identity', [activations.name]);
    activations = { name: copy, output: tensorValueInfo(copy, DataType.FLOAT) };
  }
  const model = deriveModel(graph, {
    inputs: [input.input, ...objective.inputs],
    prologue: input.prologue,
    epilogue: builder.nodes,
    initializers: builder.initializers,
    outputs: [scoresOut.output, activations.output, gradientsOut.output],
  });
  return {
    model,
    feeds: { input: input.feed, ...objective.feeds },
    fetches: { scores: scoresOut.name, activations: activations.name, gradients: gradientsOut.name },
  };
}
