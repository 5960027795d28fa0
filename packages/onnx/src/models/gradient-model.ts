import { emitBackwardPass } from '../gradients/backward-pass.js';
import { deriveModel, tensorValueInfo } from '../graph/derive-model.js';
import { intAttr } from '../proto/attributes.js';
import { DataType } from '../proto/data-type.js';
import type { ModelProto } from '../proto/onnx.js';
import { float32Input, float32Output } from './float32-boundary.js';
import type { ProbedModel } from './probed-model.js';
import { flatScores } from './scores-output.js';

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
  const inputInfo = probed.info(graph.input.name!)!;
  const input = float32Input(
    builder,
    graph.input.name!,
    inputInfo.dataType,
    inputInfo.shape.map((size, axis) => (inputInfo.dynamic[axis] ? null : size)),
  );
  const scores = flatScores(builder, score);
  const scoresInfo = builder.requireInfo(scores);
  const classes = scoresInfo.shape[1]!;
  const batch = scoresInfo.dynamic[0] ? null : scoresInfo.shape[0]!;
  const scoresOut = float32Output(builder, scores, 'scores');
  const weights = builder.name('target_weights');
  const top = builder.name('target_top');
  const best = builder.op('ArgMax', [scoresOut.name], [intAttr('axis', 1), intAttr('keepdims', 1)]);
  const classIds = builder.constant(
    Array.from({ length: classes }, (_, index) => index),
    [1, classes],
    DataType.INT64,
    'class_ids',
  );
  const oneHot = builder.mask(builder.op('Equal', [best, classIds]), DataType.FLOAT);
  const effective = builder.add(weights, builder.mul(oneHot, top));
  builder.setInfo(effective, { ...scoresInfo, dataType: DataType.FLOAT });
  const typed = builder.cast(effective, scoresInfo.dataType);
  const seed = scores === score ? typed : builder.reshapeLike(typed, score);
  builder.setInfo(seed, builder.requireInfo(score));
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
    inputs: [
      input.input,
      tensorValueInfo(weights, DataType.FLOAT, [batch, classes]),
      tensorValueInfo(top, DataType.FLOAT, [1]),
    ],
    prologue: input.prologue,
    epilogue: builder.nodes,
    initializers: builder.initializers,
    outputs: [scoresOut.output, activations.output, gradientsOut.output],
  });
  return {
    model,
    feeds: { input: input.feed, weights, top },
    fetches: { scores: scoresOut.name, activations: activations.name, gradients: gradientsOut.name },
  };
}
