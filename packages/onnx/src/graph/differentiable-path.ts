import type { NodeProto } from '../proto/onnx.js';
import type { ModelGraph } from './model-graph.js';
import { nodeInputs, nodeOutputs } from './node-inputs.js';

/** The part of a graph between a target tensor and a score tensor that gradients flow through. */
export interface DifferentiablePath {
  /** Float tensors that depend on the target and that the score depends on (the target included). */
  readonly tensors: ReadonlySet<string>;
  /** Nodes reading one of those tensors and writing another, in topological order. */
  readonly nodes: readonly NodeProto[];
}

/**
 * Finds the nodes on paths from `target` to `score`. Only float tensors carry gradients: integer tensors (shapes,
 * indices) that depend on the target cut the path. Nodes off the path that feed it are constants of the
 * backward pass.
 *
 * @param graph - the model.
 * @param isFloat - whether a tensor has a floating-point type.
 * @param target - the tensor to differentiate with respect to.
 * @param score - the tensor being differentiated.
 */
export function differentiablePath(
  graph: ModelGraph,
  isFloat: (name: string) => boolean,
  target: string,
  score: string,
): DifferentiablePath {
  const fromTarget = new Set<string>([target]);
  for (const node of graph.nodes) {
    if (!nodeInputs(node).some((name) => fromTarget.has(name))) continue;
    for (const name of nodeOutputs(node)) if (isFloat(name)) fromTarget.add(name);
  }
  const toScore = new Set<string>([score]);
  for (let index = graph.nodes.length - 1; index >= 0; index--) {
    const node = graph.nodes[index]!;
    if (!nodeOutputs(node).some((name) => toScore.has(name))) continue;
    for (const name of nodeInputs(node)) toScore.add(name);
  }
  const tensors = new Set([...fromTarget].filter((name) => toScore.has(name)));
  const nodes = graph.nodes.filter(
    (node) =>
      nodeOutputs(node).some((name) => tensors.has(name)) &&
      nodeInputs(node).some((name) => tensors.has(name)),
  );
  return { tensors, nodes };
}
