import { deriveModel } from '../graph/derive-model.js';
import type { ModelProto } from '../proto/onnx.js';
import { float32Output, float32ProbedInput } from './float32-boundary.js';
import type { ProbedModel } from './probed-model.js';
import { flatScores } from './scores-output.js';

/** The whole model with a layer's output replaced by a graph input. */
export interface SubstitutionModel {
  /** The model. */
  readonly model: ModelProto;
  /** The image input (float32). */
  readonly input: string;
  /** The replacing activations (float32, the layer's shape). */
  readonly activations: string;
  /** The scores output (float32 `[N, classes]`). */
  readonly scores: string;
}

/**
 * Builds the model that computes the scores from the input with `target`'s value given: the nodes before the
 * layer run on the input as usual (for the tensors that bypass the layer, such as a transformer block's residual),
 * the node producing `target` is dropped and the given activations take its place.
 */
export function buildSubstitutionModel(
  probed: ProbedModel,
  target: string,
  score: string,
): SubstitutionModel {
  const { graph } = probed;
  const builder = probed.builder();
  const input = float32ProbedInput(probed, builder, graph.input.name!);
  const activations = float32ProbedInput(probed, builder, target);
  const scores = float32Output(builder, flatScores(builder, score), 'scores');
  const model = deriveModel(graph, {
    inputs: [input.input, activations.input],
    prologue: [...input.prologue, ...activations.prologue],
    epilogue: builder.nodes,
    initializers: builder.initializers,
    outputs: [scores.output],
  });
  return { model, input: input.feed, activations: activations.feed, scores: scores.name };
}
