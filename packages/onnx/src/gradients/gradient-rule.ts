import type { GraphBuilder } from '../graph/graph-builder.js';
import type { TensorInfo } from '../graph/tensor-info.js';
import type { NodeProto } from '../proto/onnx.js';

/**
 * What a backward rule sees of one node on the path from the target tensor to the score: the node, the
 * gradients flowing into its outputs, and a builder to emit the ONNX nodes computing its inputs' gradients.
 */
export interface GradientContext {
  /** The forward node. */
  readonly node: NodeProto;
  /** Emits nodes in the model's opset. */
  readonly builder: GraphBuilder;
  /** The model's default-domain opset. */
  readonly opset: number;
  /** Name of input `index`, or `undefined` when the optional input is omitted. */
  input(index: number): string | undefined;
  /** Name of output `index`, or `undefined` when the optional output is omitted. */
  output(index: number): string | undefined;
  /** Element type and probed shape of a tensor. */
  info(name: string): TensorInfo;
  /** The gradient of the score with respect to output `index`; `undefined` when it does not reach the score. */
  outputGradient(index: number): string | undefined;
  /** True when input `index` depends on the target tensor: the rule must give its gradient. */
  needsGradient(index: number): boolean;
  /** Adds a contribution to the gradient of input `index` (same shape and type as that input). */
  addInputGradient(index: number, gradient: string): void;
  /** The value of a constant tensor (initializer or `Constant` output), or `undefined`. */
  constantValue(name: string): number[] | undefined;
  /** Rejects the node with `GradientNotSupportedError` and a reason. */
  unsupported(detail: string): never;
}

/** Emits the backward pass of one operator type. */
export type GradientRule = (context: GradientContext) => void;

/** The value of a constant input, or rejects the node saying which input must be constant. */
export function requireConstant(context: GradientContext, name: string, what: string): number[] {
  const value = context.constantValue(name);
  if (!value) context.unsupported(`its ${what} ("${name}") must be a constant`);
  return value;
}

/** Rejects the node when any of the given inputs depends on the target tensor. */
export function rejectGradientsFor(context: GradientContext, indices: readonly number[], what: string): void {
  for (const index of indices) {
    if (context.needsGradient(index)) {
      context.unsupported(`the gradient with respect to its ${what} (input ${index}) is not implemented`);
    }
  }
}
