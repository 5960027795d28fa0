import { InvalidModelError } from '@gradcam/core';
import { findAttribute } from '../proto/attributes.js';
import type { ModelProto, NodeProto, TensorProto, ValueInfoProto } from '../proto/onnx.js';
import { tensorValues } from '../proto/tensor-proto.js';
import { toNumber } from '../proto/to-number.js';
import { defaultOpset, validateModel } from '../proto/validate-model.js';
import { nodeInputs, nodeOutputs } from './node-inputs.js';
import { topologicalOrder } from './topological-order.js';

/**
 * A validated model with the indexes the generators need: nodes in topological order, who produces and who
 * consumes each tensor, initializers, and the data input.
 */
export class ModelGraph {
  /** The decoded model (never modified). */
  readonly model: ModelProto;
  /** Version of the default-domain operator set. */
  readonly opset: number;
  /** The model's IR version. */
  readonly irVersion: number;
  /** The nodes in topological (execution) order. */
  readonly nodes: readonly NodeProto[];
  /** Initializers by name. */
  readonly initializers: ReadonlyMap<string, TensorProto>;
  /** The node producing each tensor. */
  readonly producers: ReadonlyMap<string, NodeProto>;
  /** The nodes reading each tensor. */
  readonly consumers: ReadonlyMap<string, readonly NodeProto[]>;
  /** The graph input that takes the image (the only input that is not an initializer). */
  readonly input: ValueInfoProto;
  /** Names of the graph outputs, in order. */
  readonly outputs: readonly string[];
  /** Every tensor and node name in use. */
  readonly names: ReadonlySet<string>;

  /**
   * @param model - a decoded model; it is validated ({@link validateModel}).
   * @throws {@link InvalidModelError} when the model is broken or has more than one data input.
   */
  constructor(model: ModelProto) {
    validateModel(model);
    const graph = model.graph!;
    this.model = model;
    this.opset = defaultOpset(model)!;
    this.irVersion = toNumber(model.irVersion);
    this.nodes = topologicalOrder(graph.node ?? [])!;
    this.initializers = new Map((graph.initializer ?? []).map((tensor) => [tensor.name!, tensor]));
    const producers = new Map<string, NodeProto>();
    const consumers = new Map<string, NodeProto[]>();
    const names = new Set<string>();
    for (const node of this.nodes) {
      if (node.name) names.add(node.name);
      for (const name of nodeOutputs(node)) {
        producers.set(name, node);
        names.add(name);
      }
      for (const name of new Set(nodeInputs(node))) {
        const list = consumers.get(name);
        if (list) list.push(node);
        else consumers.set(name, [node]);
      }
    }
    for (const name of this.initializers.keys()) names.add(name);
    for (const value of graph.input ?? []) names.add(value.name!);
    this.producers = producers;
    this.consumers = consumers;
    this.names = names;
    const dataInputs = (graph.input ?? []).filter((value) => !this.initializers.has(value.name!));
    if (dataInputs.length !== 1) {
      throw new InvalidModelError(
        `The model has ${dataInputs.length} inputs (${dataInputs.map((value) => `"${value.name}"`).join(', ')}); ` +
          'image classifiers with exactly one input are supported.',
      );
    }
    this.input = dataInputs[0]!;
    this.outputs = (graph.output ?? []).map((value) => value.name!);
  }

  /** The node with this name, if any. */
  nodeNamed(name: string): NodeProto | undefined {
    return this.nodes.find((node) => node.name === name);
  }

  /** A readable label of a node: its name, or its first output when it has none. */
  label(node: NodeProto): string {
    return node.name || nodeOutputs(node)[0] || node.opType || '?';
  }

  /**
   * The value of a tensor known before running the model: an initializer, or the output of a `Constant` node.
   * `undefined` for computed tensors (and for strings).
   */
  constantValue(name: string): number[] | undefined {
    const initializer = this.initializers.get(name);
    if (initializer) return tensorValues(initializer);
    const producer = this.producers.get(name);
    if (!producer || producer.opType !== 'Constant' || (producer.domain && producer.domain !== 'ai.onnx')) {
      return undefined;
    }
    const value = findAttribute(producer, 'value');
    if (value?.t) return tensorValues(value.t);
    const int = findAttribute(producer, 'value_int');
    if (int) return [toNumber(int.i)];
    const ints = findAttribute(producer, 'value_ints');
    if (ints) return (ints.ints ?? []).map(toNumber);
    const float = findAttribute(producer, 'value_float');
    if (float) return [Number(float.f ?? 0)];
    const floats = findAttribute(producer, 'value_floats');
    if (floats) return (floats.floats ?? []).map(Number);
    return undefined;
  }
}
