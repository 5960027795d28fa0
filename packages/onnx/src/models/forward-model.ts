import { deriveModel } from '../graph/derive-model.js';
import type { ModelProto } from '../proto/onnx.js';
import { float32Output, float32ProbedInput } from './float32-boundary.js';
import type { ProbedModel } from './probed-model.js';
import { flatScores } from './scores-output.js';

/** A forward-only model returning the scores and some layers' activations. */
export interface ForwardModel {
  /** The model. */
  readonly model: ModelProto;
  /** The image batch input (float32). */
  readonly input: string;
  /** The scores output (float32 `[N, classes]`). */
  readonly scores: string;
  /** Output name of each requested layer (float32). */
  readonly layers: ReadonlyMap<string, string>;
}

/**
 * Builds the plain forward model: the scores (flattened, float32) and the activations of `layers`, pruned of
 * everything else (a final softmax the scores do not need is not computed).
 */
export function buildForwardModel(
  probed: ProbedModel,
  score: string,
  layers: readonly string[],
): ForwardModel {
  const { graph } = probed;
  const builder = probed.builder();
  const input = float32ProbedInput(probed, builder, graph.input.name!);
  const scores = float32Output(builder, flatScores(builder, score), 'scores');
  const outputs = new Map<string, string>();
  const declarations = [scores.output];
  for (const layer of new Set(layers)) {
    let out = float32Output(builder, layer, 'activations');
    if (out.name === scores.name || out.name === input.feed) {
      const copy = builder.op('Identity', [out.name]);
      out = { name: copy, output: { ...out.output, name: copy } };
    }
    outputs.set(layer, out.name);
    declarations.push(out.output);
  }
  const model = deriveModel(graph, {
    inputs: [input.input],
    prologue: input.prologue,
    epilogue: builder.nodes,
    initializers: builder.initializers,
    outputs: declarations,
  });
  return { model, input: input.feed, scores: scores.name, layers: outputs };
}
