import { CapabilityNotSupportedError } from '@gradcam/core';
import { deriveModel } from '../graph/derive-model.js';
import { nodeInputs, nodeOutputs } from '../graph/node-inputs.js';
import type { ModelProto } from '../proto/onnx.js';
import { float32Input, float32Output } from './float32-boundary.js';
import type { ProbedModel } from './probed-model.js';
import { flatScores } from './scores-output.js';

/** The part of a model from a layer to the scores, with the layer's activations as its input. */
export interface HeadModel {
  /** The model. */
  readonly model: ModelProto;
  /** The activations input (float32, the layer's shape). */
  readonly input: string;
  /** The scores output (float32 `[N, classes]`). */
  readonly scores: string;
}

/**
 * Builds the head sub-model: the nodes computing the scores from `target`, with `target` as a new graph input.
 *
 * @throws {@link CapabilityNotSupportedError} when the head also needs tensors computed before the layer that do
 * not come from it (a skip connection from earlier in the network, or a shape taken from the input).
 */
export function buildHeadModel(
  probed: ProbedModel,
  target: string,
  score: string,
  backendName: string,
): HeadModel {
  const { graph } = probed;
  const missing = tensorsNotFromTarget(probed, target, score);
  if (missing.length > 0) {
    throw new CapabilityNotSupportedError(
      'headFromActivations',
      backendName,
      `The part of the model after "${target}" also reads ${missing
        .slice(0, 3)
        .map((name) => `"${name}"`)
        .join(
          ', ',
        )}, computed before it and not from it (e.g. a skip connection). Choose a layer after the ` +
        'branches merge, pass the input too (`input`: the whole model then runs with the layer replaced, as ' +
        'Ablation-CAM does), or use a method that does not need the head (Grad-CAM, Score-CAM).',
    );
  }
  const builder = probed.builder();
  const info = probed.info(target)!;
  const input = float32Input(
    builder,
    target,
    info.dataType,
    info.shape.map((size, axis) => (info.dynamic[axis] ? null : size)),
  );
  const scores = float32Output(builder, flatScores(builder, score), 'scores');
  const model = deriveModel(graph, {
    inputs: [input.input],
    prologue: input.prologue,
    epilogue: builder.nodes,
    initializers: builder.initializers,
    outputs: [scores.output],
  });
  return { model, input: input.feed, scores: scores.name };
}

/**
 * The tensors the head needs that come from the model input by another route than `target`: the inputs of the
 * head's nodes that merge such a tensor into the target's path. Empty when the head is a function of the target
 * alone.
 */
function tensorsNotFromTarget(probed: ProbedModel, target: string, score: string): string[] {
  const { graph } = probed;
  const fromInput = closure(probed, graph.input.name!);
  const fromTarget = closure(probed, target);
  const needed = new Set<string>([score]);
  const missing = new Set<string>();
  for (let index = graph.nodes.length - 1; index >= 0; index--) {
    const node = graph.nodes[index]!;
    const outputs = nodeOutputs(node);
    if (!outputs.some((name) => needed.has(name) && name !== target)) continue;
    const merges = outputs.some((name) => fromTarget.has(name));
    for (const name of nodeInputs(node)) {
      if (name === target) continue;
      needed.add(name);
      if (merges && fromInput.has(name) && !fromTarget.has(name)) missing.add(name);
    }
  }
  if (missing.size === 0 && needed.has(graph.input.name!)) missing.add(graph.input.name!);
  return [...missing];
}

/** The tensors computed from `source` (itself included). */
function closure(probed: ProbedModel, source: string): Set<string> {
  const reached = new Set<string>([source]);
  for (const node of probed.graph.nodes) {
    if (nodeInputs(node).some((name) => reached.has(name))) {
      for (const name of nodeOutputs(node)) reached.add(name);
    }
  }
  return reached;
}
