import type { GraphProto, NodeProto } from '../proto/onnx.js';

/**
 * The tensors a node reads: its inputs (without the empty names of omitted optional inputs) and, for control
 * flow nodes (`If`, `Loop`, `Scan`), the outer-scope tensors their subgraphs read.
 *
 * @param node - a node of the main graph.
 */
export function nodeInputs(node: NodeProto): string[] {
  const names = (node.input ?? []).filter((name) => name !== '');
  for (const attribute of node.attribute ?? []) {
    const graphs = [...(attribute.g ? [attribute.g] : []), ...(attribute.graphs ?? [])];
    for (const graph of graphs) names.push(...outerScopeReads(graph));
  }
  return names;
}

/** The tensors a subgraph reads that it does not define itself. */
function outerScopeReads(graph: GraphProto): string[] {
  const defined = new Set<string>([
    ...(graph.input ?? []).map((value) => value.name ?? ''),
    ...(graph.initializer ?? []).map((tensor) => tensor.name ?? ''),
  ]);
  const reads: string[] = [];
  for (const node of graph.node ?? []) {
    for (const name of nodeInputs(node)) if (!defined.has(name)) reads.push(name);
    for (const name of node.output ?? []) defined.add(name);
  }
  return reads;
}

/** The non-empty output names of a node. */
export function nodeOutputs(node: NodeProto): string[] {
  return (node.output ?? []).filter((name) => name !== '');
}
