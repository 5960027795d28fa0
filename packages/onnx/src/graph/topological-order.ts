import type { NodeProto } from '../proto/onnx.js';
import { nodeInputs, nodeOutputs } from './node-inputs.js';

/**
 * Orders nodes so that every node comes after the nodes producing its inputs (Kahn's algorithm, stable: nodes
 * already in order keep their order). Returns `undefined` when the nodes form a cycle.
 *
 * @param nodes - the nodes of a graph.
 */
export function topologicalOrder(nodes: readonly NodeProto[]): NodeProto[] | undefined {
  const producer = new Map<string, number>();
  nodes.forEach((node, index) => {
    for (const name of nodeOutputs(node)) producer.set(name, index);
  });
  const pending = new Array<number>(nodes.length).fill(0);
  const dependents: number[][] = nodes.map(() => []);
  nodes.forEach((node, index) => {
    const seen = new Set<number>();
    for (const name of nodeInputs(node)) {
      const source = producer.get(name);
      if (source === undefined || seen.has(source)) continue;
      seen.add(source);
      pending[index]!++;
      dependents[source]!.push(index);
    }
  });
  // A min-heap would give the exact stable order; ONNX graphs are nearly always sorted already, so a sorted
  // ready list with binary insertion is simple and fast enough.
  const ready: number[] = [];
  pending.forEach((count, index) => {
    if (count === 0) ready.push(index);
  });
  const order: NodeProto[] = [];
  while (ready.length > 0) {
    const index = ready.shift()!;
    order.push(nodes[index]!);
    for (const dependent of dependents[index]!) {
      if (--pending[dependent]! === 0) insertSorted(ready, dependent);
    }
  }
  return order.length === nodes.length ? order : undefined;
}

function insertSorted(list: number[], value: number): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]! < value) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, value);
}
