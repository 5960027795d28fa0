import { DataType } from '../proto/data-type.js';
import {
  type ModelProto,
  type NodeProto,
  onnx,
  type TensorProto,
  type ValueInfoProto,
} from '../proto/onnx.js';
import { tensorDims } from '../proto/tensor-proto.js';
import type { ModelGraph } from './model-graph.js';
import { nodeInputs, nodeOutputs } from './node-inputs.js';

/** What a derived model is made of, before pruning. */
export interface DerivedModelParts {
  /** The graph inputs fed at run time (the original data input is dropped unless listed here). */
  readonly inputs: readonly ValueInfoProto[];
  /** Nodes emitted before the original nodes (e.g. casting a float32 input to the model's type). */
  readonly prologue?: readonly NodeProto[];
  /** Nodes emitted after the original nodes (backward pass, output casts). */
  readonly epilogue?: readonly NodeProto[];
  /** Constants the added nodes use. */
  readonly initializers?: readonly TensorProto[];
  /** The graph outputs. */
  readonly outputs: readonly ValueInfoProto[];
}

/**
 * Builds a new model from the original's nodes plus added ones, keeping only what the outputs need (nodes,
 * initializers, value infos), with the original's opsets, IR version and functions. The inputs listed, and the
 * tensors the prologue makes, are treated as given: original nodes producing them are not kept.
 *
 * @throws Error when a kept node needs a tensor nothing provides (callers check derivability first).
 */
export function deriveModel(graph: ModelGraph, parts: DerivedModelParts): ModelProto {
  const prologue = parts.prologue ?? [];
  const nodes = [...prologue, ...graph.nodes, ...(parts.epilogue ?? [])];
  const fed = new Set(parts.inputs.map((value) => value.name!));
  // What the prologue makes (a layer's activations cast from a float32 feed) is given to the other nodes as the
  // inputs are: the original nodes producing it are not kept.
  const given = new Set([...fed, ...prologue.flatMap((node) => nodeOutputs(node))]);
  const initializers = new Map<string, TensorProto>(graph.initializers);
  for (const tensor of parts.initializers ?? []) initializers.set(tensor.name!, tensor);
  const needed = new Set(parts.outputs.map((value) => value.name!));
  const kept: NodeProto[] = [];
  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index]!;
    const outputs = nodeOutputs(node);
    const provided = index < prologue.length ? fed : given;
    if (!outputs.some((name) => needed.has(name) && !provided.has(name))) continue;
    kept.push(node);
    for (const name of nodeInputs(node)) needed.add(name);
  }
  kept.reverse();
  const keptInitializers = [...initializers.values()].filter((tensor) => needed.has(tensor.name!));
  const inputs: ValueInfoProto[] = [...parts.inputs];
  if (graph.irVersion < 4) {
    // IR < 4 wants every initializer listed as a graph input too.
    const declared = new Map((graph.model.graph?.input ?? []).map((value) => [value.name!, value]));
    for (const tensor of keptInitializers) {
      inputs.push(declared.get(tensor.name!) ?? valueInfoOf(tensor));
    }
  }
  const known = new Set<string>([...fed, ...keptInitializers.map((tensor) => tensor.name!)]);
  for (const node of kept) for (const name of nodeOutputs(node)) known.add(name);
  for (const name of needed) {
    if (!known.has(name)) throw new Error(`Internal error: derived model needs tensor "${name}".`);
  }
  const original = graph.model;
  const derivedGraph = onnx.GraphProto.create({
    name: original.graph?.name || 'gradcam',
    node: kept,
    initializer: keptInitializers,
    input: inputs,
    output: [...parts.outputs],
    valueInfo: (original.graph?.valueInfo ?? []).filter(
      (value) => known.has(value.name!) && !fed.has(value.name!),
    ),
  });
  return onnx.ModelProto.create({
    irVersion: original.irVersion,
    opsetImport: original.opsetImport ?? [],
    producerName: original.producerName ?? '',
    producerVersion: original.producerVersion ?? '',
    domain: original.domain ?? '',
    modelVersion: original.modelVersion ?? 0,
    functions: original.functions ?? [],
    graph: derivedGraph,
  });
}

/** A tensor value info of the given element type and shape (`null` or a string for a symbolic axis). */
export function tensorValueInfo(
  name: string,
  dataType: number,
  shape?: readonly (number | string | null)[],
): ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: dataType,
        ...(shape
          ? {
              shape: onnx.TensorShapeProto.create({
                dim: shape.map((size) =>
                  typeof size === 'number'
                    ? onnx.TensorShapeProto.Dimension.create({ dimValue: size })
                    : onnx.TensorShapeProto.Dimension.create({ dimParam: size ?? 'N' }),
                ),
              }),
            }
          : {}),
      }),
    }),
  });
}

/** A graph output declaration without type (ONNX Runtime infers it). */
export function untypedValueInfo(name: string): ValueInfoProto {
  return onnx.ValueInfoProto.create({ name });
}

function valueInfoOf(tensor: TensorProto): ValueInfoProto {
  return tensorValueInfo(tensor.name!, tensor.dataType ?? DataType.FLOAT, tensorDims(tensor));
}
