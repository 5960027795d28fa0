import { GradientNotSupportedError } from '@gradcam/core';
import { differentiablePath } from '../graph/differentiable-path.js';
import type { GraphBuilder } from '../graph/graph-builder.js';
import type { ModelGraph } from '../graph/model-graph.js';
import type { TensorInfo } from '../graph/tensor-info.js';
import { isFloatType } from '../proto/data-type.js';
import type { GradientContext, GradientRule } from './gradient-rule.js';
import { gradientRules } from './registry.js';

/** Arguments of {@link emitBackwardPass}. */
export interface BackwardPassRequest {
  /** The model. */
  readonly graph: ModelGraph;
  /** Where the backward nodes go. */
  readonly builder: GraphBuilder;
  /** The tensor whose gradient is wanted (the target layer's activations). */
  readonly target: string;
  /** The tensor being differentiated (the scores, any shape). */
  readonly score: string;
  /** The gradient of the objective with respect to `score` (same shape and type as `score`). */
  readonly seed: string;
  /**
   * The backward rules by operator type. @default {@link gradientRules} (the exact gradient);
   * `guidedGradientRules` gives Guided Backpropagation.
   */
  readonly rules?: ReadonlyMap<string, GradientRule>;
  /**
   * Values known before running the model beyond the graph's constants (e.g. `Slice` bounds computed from
   * shapes, as measured by the probe). @default the graph's constants only
   */
  readonly knownValue?: (name: string) => number[] | undefined;
}

/**
 * Emits the reverse-mode backward pass from `score` to `target`: walks the nodes on the path in reverse
 * topological order, applies each operator's rule, and sums the contributions of tensors read by several
 * nodes. Returns the name of the target's gradient (zeros when the score does not depend on the target).
 *
 * @throws `GradientNotSupportedError` (from `@gradcam/core`) for an operator without a rule on the path, or a
 * rule that cannot handle the node's attributes.
 */
export function emitBackwardPass(request: BackwardPassRequest): string {
  const { graph, builder, target, score, seed, rules = gradientRules, knownValue } = request;
  const info = (name: string): TensorInfo => builder.requireInfo(name);
  // Tensors of unknown type (outputs the probe could not fetch) count as float: the path goes on, and a node
  // without a rule on it is reported rather than silently cutting the gradient.
  const isFloat = (name: string) => {
    const known = builder.info(name);
    return known === undefined || isFloatType(known.dataType);
  };
  const path = differentiablePath(graph, isFloat, target, score);
  const contributions = new Map<string, string[]>();
  const totals = new Map<string, string>();
  const contribute = (tensor: string, gradient: string) => {
    if (!builder.info(gradient)) builder.setInfo(gradient, info(tensor));
    const list = contributions.get(tensor);
    if (list) list.push(gradient);
    else contributions.set(tensor, [gradient]);
    totals.delete(tensor);
  };
  const total = (tensor: string): string | undefined => {
    const cached = totals.get(tensor);
    if (cached) return cached;
    const list = contributions.get(tensor);
    if (!list || list.length === 0) return undefined;
    const summed = builder.sum(list);
    if (!builder.info(summed)) builder.setInfo(summed, info(tensor));
    totals.set(tensor, summed);
    return summed;
  };
  contribute(score, seed);
  for (let index = path.nodes.length - 1; index >= 0; index--) {
    const node = path.nodes[index]!;
    const label = graph.label(node);
    const outputs = node.output ?? [];
    const inputs = node.input ?? [];
    if (!outputs.some((name) => name !== '' && contributions.has(name))) continue;
    const domain = node.domain ?? '';
    const rule = domain === '' || domain === 'ai.onnx' ? rules.get(node.opType ?? '') : undefined;
    const operation = domain && domain !== 'ai.onnx' ? `${domain}.${node.opType}` : (node.opType ?? '?');
    if (!rule) {
      throw new GradientNotSupportedError(
        operation,
        label,
        `it lies between the layer "${target}" and the score "${score}" and has no backward rule ` +
          `(supported: ${[...rules.keys()].sort().join(', ')})`,
      );
    }
    const given = new Set<number>();
    const context: GradientContext = {
      node,
      builder,
      opset: graph.opset,
      input: (position) => inputs[position] || undefined,
      output: (position) => outputs[position] || undefined,
      info,
      outputGradient: (position) => {
        const name = outputs[position];
        return name ? total(name) : undefined;
      },
      needsGradient: (position) => {
        const name = inputs[position];
        return name !== undefined && name !== '' && path.tensors.has(name);
      },
      addInputGradient: (position, gradient) => {
        given.add(position);
        contribute(inputs[position]!, gradient);
      },
      constantValue: (name) => graph.constantValue(name) ?? knownValue?.(name),
      unsupported: (detail) => {
        throw new GradientNotSupportedError(operation, label, detail);
      },
    };
    try {
      rule(context);
    } catch (error) {
      if (GradientNotSupportedError.isInstance(error)) throw error;
      throw new GradientNotSupportedError(
        operation,
        label,
        `its backward rule failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    inputs.forEach((name, position) => {
      if (name && path.tensors.has(name) && !given.has(position)) {
        throw new GradientNotSupportedError(
          operation,
          label,
          `no gradient for its input ${position} ("${name}")`,
        );
      }
    });
  }
  return total(target) ?? builder.zerosLike(target);
}
