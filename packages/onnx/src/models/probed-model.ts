import { GraphBuilder } from '../graph/graph-builder.js';
import type { ModelGraph } from '../graph/model-graph.js';
import { nodeInputs, nodeOutputs } from '../graph/node-inputs.js';
import { staticInfo, type TensorInfo } from '../graph/tensor-info.js';
import { isFloatType } from '../proto/data-type.js';
import type { NodeProto } from '../proto/onnx.js';
import { tensorDims } from '../proto/tensor-proto.js';
import type { ProbeResult } from './probe.js';

/** A float tensor computed from the input, in execution order. */
export interface ComputedTensor {
  /** Tensor name. */
  readonly name: string;
  /** The node producing it. */
  readonly node: NodeProto;
  /** Its type and shape. */
  readonly info: TensorInfo;
}

/** A model with the types and shapes of its tensors known (from the probe runs and the initializers). */
export class ProbedModel {
  /** Float tensors that depend on the input, in execution order. */
  readonly computed: readonly ComputedTensor[];

  /**
   * @param graph - the validated model.
   * @param probe - what the probe runs measured.
   */
  constructor(
    readonly graph: ModelGraph,
    readonly probe: ProbeResult,
  ) {
    const fromInput = new Set<string>([graph.input.name!]);
    const computed: ComputedTensor[] = [];
    for (const node of graph.nodes) {
      if (!nodeInputs(node).some((name) => fromInput.has(name))) continue;
      for (const name of nodeOutputs(node)) {
        fromInput.add(name);
        const info = probe.infos.get(name);
        if (info && isFloatType(info.dataType)) computed.push({ name, node, info });
      }
    }
    this.computed = computed;
  }

  /** Type and shape of a tensor: measured, or from an initializer's declaration. */
  info(name: string): TensorInfo | undefined {
    const measured = this.probe.infos.get(name);
    if (measured) return measured;
    const initializer = this.graph.initializers.get(name);
    if (initializer) return staticInfo(initializer.dataType ?? 0, tensorDims(initializer));
    return undefined;
  }

  /**
   * The value of a tensor known before running the model on data: a constant of the graph, or a small integer
   * tensor computed from shapes alone that the probe measured (the same at every batch size).
   */
  knownValue(name: string): number[] | undefined {
    const constant = this.graph.constantValue(name);
    if (constant) return constant;
    const measured = this.probe.shapeValues.get(name);
    return measured ? [...measured] : undefined;
  }

  /** A fresh emitter for a derived model. */
  builder(): GraphBuilder {
    return new GraphBuilder({
      opset: this.graph.opset,
      reservedNames: this.graph.names,
      info: (name) => this.info(name),
    });
  }
}
