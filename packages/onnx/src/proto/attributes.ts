import { type AttributeProto, type NodeProto, onnx, type TensorProto } from './onnx.js';
import { toNumber } from './to-number.js';

const { AttributeType } = onnx.AttributeProto;

/** The attribute `name` of a node, if present. */
export function findAttribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute?.find((attribute) => attribute.name === name);
}

/** An integer attribute, or `fallback` when absent. */
export function intAttribute(node: NodeProto, name: string, fallback: number): number {
  const attribute = findAttribute(node, name);
  return attribute ? toNumber(attribute.i) : fallback;
}

/** A float attribute, or `fallback` when absent. */
export function floatAttribute(node: NodeProto, name: string, fallback: number): number {
  const attribute = findAttribute(node, name);
  return attribute ? Number(attribute.f ?? 0) : fallback;
}

/** A list-of-integers attribute, or `undefined` when absent. */
export function intsAttribute(node: NodeProto, name: string): number[] | undefined {
  const attribute = findAttribute(node, name);
  return attribute ? (attribute.ints ?? []).map(toNumber) : undefined;
}

/** A string attribute (UTF-8), or `fallback` when absent. */
export function stringAttribute(node: NodeProto, name: string, fallback: string): string {
  const attribute = findAttribute(node, name);
  return attribute?.s ? new TextDecoder().decode(attribute.s) : fallback;
}

/** Builds an integer attribute. */
export function intAttr(name: string, value: number): AttributeProto {
  return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value });
}

/** Builds a float attribute. */
export function floatAttr(name: string, value: number): AttributeProto {
  return onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: value });
}

/** Builds a list-of-integers attribute. */
export function intsAttr(name: string, values: readonly number[]): AttributeProto {
  return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: [...values] });
}

/** Builds a list-of-floats attribute. */
export function floatsAttr(name: string, values: readonly number[]): AttributeProto {
  return onnx.AttributeProto.create({ name, type: AttributeType.FLOATS, floats: [...values] });
}

/** Builds a string attribute. */
export function stringAttr(name: string, value: string): AttributeProto {
  return onnx.AttributeProto.create({ name, type: AttributeType.STRING, s: new TextEncoder().encode(value) });
}

/** Builds a tensor attribute. */
export function tensorAttr(name: string, value: TensorProto): AttributeProto {
  return onnx.AttributeProto.create({ name, type: AttributeType.TENSOR, t: value });
}
