import { tensorValueInfo } from '../../src/graph/derive-model.js';
import {
  floatAttr,
  floatsAttr,
  intAttr,
  intsAttr,
  stringAttr,
  tensorAttr,
} from '../../src/proto/attributes.js';
import { DataType } from '../../src/proto/data-type.js';
import { type AttributeProto, type ModelProto, onnx, type TensorProto } from '../../src/proto/onnx.js';
import { makeTensor } from '../../src/proto/tensor-proto.js';
import { writeModel } from '../../src/proto/write-model.js';

/** A float attribute value (plain numbers are integers). */
export interface FloatValue {
  readonly float: number;
}
/** A list-of-floats attribute value. */
export interface FloatsValue {
  readonly floats: readonly number[];
}
/** An attribute value: integer, integers, float, floats, string or tensor. */
export type AttributeValue = number | readonly number[] | FloatValue | FloatsValue | string | TensorProto;

/** A node of a test model. */
export interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  readonly name?: string;
}

/** A constant of a test model. */
export interface InitializerSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: ArrayLike<number>;
  readonly type?: number;
}

/** A tiny ONNX model for tests. */
export interface ModelSpec {
  readonly opset?: number;
  readonly irVersion?: number;
  readonly inputs: readonly { name: string; shape: readonly (number | string)[]; type?: number }[];
  readonly outputs: readonly string[];
  readonly nodes: readonly NodeSpec[];
  readonly initializers?: readonly InitializerSpec[];
}

/** Shorthand for a float attribute. */
export const float = (value: number): FloatValue => ({ float: value });
/** Shorthand for a list-of-floats attribute. */
export const floats = (values: readonly number[]): FloatsValue => ({ floats: values });

function attribute(name: string, value: AttributeValue): AttributeProto {
  if (typeof value === 'number') return intAttr(name, value);
  if (typeof value === 'string') return stringAttr(name, value);
  if (Array.isArray(value)) return intsAttr(name, value as readonly number[]);
  if ('float' in (value as object)) return floatAttr(name, (value as FloatValue).float);
  if ('floats' in (value as object)) return floatsAttr(name, (value as FloatsValue).floats);
  return tensorAttr(name, value as TensorProto);
}

/** Builds and encodes a model (into a Uint8Array of its own, not a view of Node's buffer pool). */
export function buildModel(spec: ModelSpec): Uint8Array {
  return new Uint8Array(writeModel(buildModelProto(spec)));
}

/** Builds a model proto. */
export function buildModelProto(spec: ModelSpec): ModelProto {
  const graph = onnx.GraphProto.create({
    name: 'test',
    input: spec.inputs.map((input) =>
      tensorValueInfo(
        input.name,
        input.type ?? DataType.FLOAT,
        input.shape.map((size) => size),
      ),
    ),
    output: spec.outputs.map((name) => onnx.ValueInfoProto.create({ name })),
    initializer: (spec.initializers ?? []).map((tensor) =>
      makeTensor(tensor.name, tensor.type ?? DataType.FLOAT, tensor.dims, tensor.values),
    ),
    node: spec.nodes.map((node, index) =>
      onnx.NodeProto.create({
        opType: node.op,
        name: node.name ?? `${node.op}_${index}`,
        input: [...node.inputs],
        output: [...node.outputs],
        attribute: Object.entries(node.attributes ?? {}).map(([name, value]) => attribute(name, value)),
      }),
    ),
  });
  return onnx.ModelProto.create({
    irVersion: spec.irVersion ?? 8,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: spec.opset ?? 17 })],
    producerName: 'gradcam-test',
    graph,
  });
}
