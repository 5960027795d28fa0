import { InvalidModelError } from '@gradcam/core';

/** The parts of a tfjs-converter graph node the adapter reads (stable across tfjs 2 to 4). */
interface ConverterNodeLike {
  readonly name: string;
  readonly op: string;
  readonly inputNames: readonly string[];
}

/** One node of a GraphModel's graph, reduced to what the adapter needs. */
export interface GraphNode {
  /** The node's name (what `GraphModel.execute` takes). */
  readonly name: string;
  /** Its operation, e.g. `'_FusedConv2D'`, `'AddV2'`. */
  readonly op: string;
  /** Its data inputs: node name and output index. */
  readonly inputs: readonly { readonly node: string; readonly index: number }[];
}

/** A GraphModel's graph in execution order, with the facts the adapter derives from it. */
export interface GraphStructure {
  /** Nodes by name. */
  readonly nodes: ReadonlyMap<string, GraphNode>;
  /** Every node, inputs before the nodes that read them. */
  readonly order: readonly GraphNode[];
  /** Nodes whose value depends on the model input (the others are constants). */
  readonly dependsOnInput: ReadonlySet<string>;
  /** For each node, the nodes that read it. */
  readonly consumers: ReadonlyMap<string, readonly GraphNode[]>;
}

/** Operations that pass their input through unchanged. */
export const identityOps: ReadonlySet<string> = new Set([
  'Identity',
  'IdentityN',
  'Snapshot',
  'StopGradient',
]);

/** Operations that take a filter as their second input. */
export const convolutionOps: ReadonlySet<string> = new Set([
  'Conv2D',
  '_FusedConv2D',
  'DepthwiseConv2dNative',
  'DepthwiseConv2D',
  'FusedDepthwiseConv2dNative',
  'Conv2DBackpropInput',
  'Conv1D',
  'Conv3D',
]);

/**
 * Splits a tensor name into node name and output index: `'a/b:1'` is node `'a/b'`, output 1; `'a/b'` is output 0.
 */
export function parseTensorName(name: string): { node: string; index: number } {
  const match = /^(.*):(\d+)$/.exec(name);
  return match ? { node: match[1]!, index: Number(match[2]) } : { node: name, index: 0 };
}

/**
 * Reads the graph of a loaded GraphModel (tfjs-converter's internal `executor.graph`).
 *
 * @param model - a loaded GraphModel.
 * @param inputNode - the name of its input node.
 * @throws {@link InvalidModelError} when the graph cannot be read.
 */
export function readGraphStructure(model: object, inputNode: string): GraphStructure {
  const graph = (model as { executor?: { graph?: { nodes?: Record<string, ConverterNodeLike> } } }).executor
    ?.graph;
  if (!graph?.nodes || typeof graph.nodes !== 'object') {
    throw new InvalidModelError(
      'Cannot read the graph of this GraphModel: load it with loadGraphModel() from @tensorflow/tfjs-converter 4.x.',
    );
  }
  const nodes = new Map<string, GraphNode>();
  for (const raw of Object.values(graph.nodes)) {
    const inputs = raw.inputNames
      .filter((input) => !input.startsWith('^'))
      .map((input) => parseTensorName(input))
      .filter((input) => graph.nodes![input.node] !== undefined);
    nodes.set(raw.name, { name: raw.name, op: raw.op, inputs });
  }
  const consumers = new Map<string, GraphNode[]>();
  for (const node of nodes.values()) {
    for (const input of node.inputs) {
      const list = consumers.get(input.node) ?? [];
      if (!list.includes(node)) list.push(node);
      consumers.set(input.node, list);
    }
  }
  const order = topologicalOrder(nodes);
  const dependsOnInput = new Set<string>();
  for (const node of order) {
    if (node.name === inputNode || node.inputs.some((input) => dependsOnInput.has(input.node))) {
      dependsOnInput.add(node.name);
    }
  }
  return { nodes, order, dependsOnInput, consumers };
}

function topologicalOrder(nodes: ReadonlyMap<string, GraphNode>): GraphNode[] {
  const order: GraphNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of nodes.values()) {
    if (state.has(root.name)) continue;
    // Iterative depth-first search: graphs can be deeper than the call stack.
    const stack: { node: GraphNode; next: number }[] = [{ node: root, next: 0 }];
    state.set(root.name, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const input = top.node.inputs[top.next++];
      if (input === undefined) {
        state.set(top.node.name, 'done');
        order.push(top.node);
        stack.pop();
        continue;
      }
      const child = nodes.get(input.node);
      if (!child || state.has(child.name)) continue; // done, or a back edge of a control-flow loop
      state.set(child.name, 'visiting');
      stack.push({ node: child, next: 0 });
    }
  }
  return order;
}
