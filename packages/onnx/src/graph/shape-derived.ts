import type { ModelGraph } from './model-graph.js';
import { nodeInputs, nodeOutputs } from './node-inputs.js';

/** Operators whose outputs are random even when their inputs are known. */
const randomOperators = new Set([
  'RandomNormal',
  'RandomNormalLike',
  'RandomUniform',
  'RandomUniformLike',
  'Multinomial',
  'Bernoulli',
]);

/**
 * The tensors whose values depend only on the shapes of the graph's tensors, never on the values of the data:
 * outputs of `Shape` and `Size`, and outputs of nodes all of whose inputs are such tensors or constants (the
 * `Gather`/`Div`/`Mul` arithmetic exporters emit to compute the bounds of a `Slice` or the target of a
 * `Reshape`). Their values are fixed once the input shape is; the probe measures them.
 *
 * @param graph - the model.
 */
export function shapeDerivedTensors(graph: ModelGraph): Set<string> {
  const derived = new Set<string>();
  const known = (name: string) => derived.has(name) || graph.constantValue(name) !== undefined;
  for (const node of graph.nodes) {
    const op = node.opType ?? '';
    if (node.domain && node.domain !== 'ai.onnx') continue;
    if (op === 'Constant' || randomOperators.has(op)) continue;
    const inputs = nodeInputs(node);
    const fromShapes = op === 'Shape' || op === 'Size' || (inputs.length > 0 && inputs.every(known));
    if (fromShapes) for (const name of nodeOutputs(node)) derived.add(name);
  }
  return derived;
}
