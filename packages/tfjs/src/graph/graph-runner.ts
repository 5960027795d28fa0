import { CapabilityNotSupportedError, InvalidModelError, type LayerInfo } from '@gradcam/core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { ModelRunner, SplitModel } from '../runner/model-runner.js';
import { isTokenShape } from '../runner/plain-tensors.js';
import { toScores } from '../runner/to-scores.js';
import type { Tensor, TfCore } from '../tf-core.js';
import {
  convolutionOps,
  type GraphNode,
  type GraphStructure,
  identityOps,
  parseTensorName,
  readGraphStructure,
} from './graph-structure.js';

/** Options of {@link createGraphRunner}. */
export interface GraphRunnerOptions {
  /** Output node to explain. @default the model's first output */
  readonly output?: string | undefined;
  /** Explain the scores before a final softmax. */
  readonly explainPreSoftmax: boolean;
  /** Height and width to probe layer shapes with when the model's input size is not fixed. */
  readonly probeSize: { readonly height: number; readonly width: number };
}

/** What a GraphModel feeds to compute the part of the graph after one node. */
interface Cut {
  /** The node's name. */
  readonly node: string;
  /** Tensors (other than the node) that nodes after it read and that do not depend on it. */
  readonly frontier: readonly string[];
  /** True when some node after it reads a tensor it cannot be fed (it then recomputes it from the input). */
  readonly needsInput: boolean;
}

/**
 * Runs a GraphModel (converted SavedModel or frozen graph) so that any node's value can be read, or replaced by
 * a watched tensor: `GraphModel.execute` accepts intermediate nodes in its feed dictionary, and its ops are
 * ordinary differentiable tfjs ops.
 *
 * Probes the model once (batch of one, zeros) to learn the nodes' shapes.
 *
 * @throws {@link InvalidModelError} when the graph cannot be run synchronously or does not take one 4-D input.
 */
export function createGraphRunner(tf: TfCore, model: GraphModel, options: GraphRunnerOptions): ModelRunner {
  if (model.inputs.length !== 1) {
    throw new InvalidModelError(
      `The model has ${model.inputs.length} inputs; @gradcam/tfjs explains models with one image input.`,
    );
  }
  const inputInfo = model.inputs[0]!;
  const inputName = parseTensorName(inputInfo.name).node;
  const rawShape = inputInfo.shape ?? [];
  if (rawShape.length !== 4) {
    throw new InvalidModelError(
      `The model's input "${inputName}" has shape [${rawShape.join(', ')}]; @gradcam/tfjs explains models ` +
        'that take images, [batch, height, width, channels].',
    );
  }
  const inputShape = rawShape.map((size) => (size > 0 ? size : null)) as [
    number | null,
    number | null,
    number | null,
    number | null,
  ];
  const graph = readGraphStructure(model, inputName);
  const notes: string[] = [];
  const outputName = options.output ?? model.outputNodes[0];
  if (outputName === undefined || !graph.nodes.has(parseTensorName(outputName).node)) {
    throw new InvalidModelError(
      `The model has no output node "${outputName}". Its outputs: ${model.outputNodes.join(', ')}.`,
    );
  }
  if (model.outputNodes.length > 1 && options.output === undefined) {
    notes.push(
      `The model has ${model.outputNodes.length} outputs: explaining "${outputName}" (choose another with the option \`output\`).`,
    );
  }
  const scores = scoresTensor(graph, outputName, options.explainPreSoftmax, notes);
  const scoresNode = parseTensorName(scores).node;
  const ancestors = ancestorsOf(graph, scoresNode);
  const candidates = graph.order.filter(
    (node) =>
      ancestors.has(node.name) &&
      node.name !== inputName &&
      graph.dependsOnInput.has(node.name) &&
      readsOnlyFirstOutput(graph, node),
  );

  // Probe once for the shapes (and to fail early on graphs that need executeAsync).
  const probeShape = inputShape.map((size, axis) =>
    axis === 0 ? 1 : (size ?? (axis === 1 ? options.probeSize.height : options.probeSize.width)),
  );
  const probed = tf.tidy(() => {
    let outputs: Tensor[];
    try {
      const result = model.execute(
        { [inputName]: tf.zeros(probeShape, 'float32') },
        candidates.map((node) => node.name).concat(scores),
      ) as Tensor | Tensor[];
      outputs = Array.isArray(result) ? result : [result];
    } catch (error) {
      throw new InvalidModelError(
        `Cannot run this GraphModel synchronously (${error instanceof Error ? error.message : String(error)}). ` +
          '@gradcam/tfjs supports graphs without control flow or dynamic-shape ops.',
        { cause: error },
      );
    }
    return outputs.map((tensor) => ({ shape: tensor.shape, dtype: tensor.dtype }));
  });
  const scoresProbe = probed[probed.length - 1]!;
  const staticSpatial = inputShape[1] !== null && inputShape[2] !== null;
  const layers: LayerInfo[] = [];
  candidates.forEach((node, index) => {
    const { shape, dtype } = probed[index]!;
    if (dtype !== 'float32') return;
    const outputShape = shape.map((size, axis) =>
      axis === 0 || (!staticSpatial && shape.length === 4 && (axis === 1 || axis === 2)) ? null : size,
    );
    layers.push({
      name: node.name,
      kind: node.op,
      outputShape,
      ...(shape.length === 4
        ? { layout: 'nhwc' as const }
        : isTokenShape(outputShape)
          ? { layout: 'ntc' as const }
          : {}),
    });
  });
  const numClasses = scoresProbe.shape.slice(1).reduce((product, size) => product * size, 1);

  const filtersAreConstant = graph.order.every(
    (node) =>
      !convolutionOps.has(node.op) ||
      node.inputs[1] === undefined ||
      !graph.dependsOnInput.has(node.inputs[1].node),
  );
  const cuts = new Map<string, Cut>();
  const cutAt = (node: string): Cut => {
    let cut = cuts.get(node);
    if (!cut) {
      cut = computeCut(graph, ancestors, node);
      cuts.set(node, cut);
    }
    return cut;
  };
  // execute() returns a bare tensor when asked for one output.
  const execute = (feeds: Record<string, Tensor>, outputs: string[]): Tensor[] => {
    const result = model.execute(feeds, outputs) as Tensor | Tensor[];
    return Array.isArray(result) ? result : [result];
  };

  return {
    modelKind: 'GraphModel',
    input: { name: inputName, shape: inputShape, layout: 'nhwc' },
    numClasses,
    notes,
    layers,
    split(input: Tensor, layer: string): SplitModel {
      const cut = cutAt(layer);
      const [activations, ...frontier] = execute({ [inputName]: input }, [layer, ...cut.frontier]);
      const feeds: Record<string, Tensor> = cut.needsInput ? { [inputName]: input } : {};
      cut.frontier.forEach((name, index) => {
        feeds[name] = frontier[index]!;
      });
      return {
        activations: activations!,
        head: (replacement) => toScores(tf, execute({ ...feeds, [layer]: replacement }, [scores])[0]!),
      };
    },
    head(layer: string) {
      const cut = cutAt(layer);
      if (cut.frontier.length > 0 || cut.needsInput) {
        throw new CapabilityNotSupportedError(
          'headFromActivations',
          'tfjs',
          `The nodes after "${layer}" also read tensors that do not come from it (a branch bypasses it), so the ` +
            'scores are not a function of its activations alone. Pick a node after the branches merge, or use ' +
            'scoresWithActivations({ input, layer, activations }).',
        );
      }
      return (replacement) => toScores(tf, execute({ [layer]: replacement }, [scores])[0]!);
    },
    scoresOf(input: Tensor) {
      return toScores(tf, execute({ [inputName]: input }, [scores])[0]!);
    },
    forward(input: Tensor, names: readonly string[]) {
      const [scoresTensorValue, ...activations] = execute({ [inputName]: input }, [scores, ...names]);
      return { scores: toScores(tf, scoresTensorValue!), activations };
    },
    filtersAreConstant,
    dispose: () => model.dispose(),
  };
}

/** The tensor holding the scores: the output, or the input of a final softmax. */
function scoresTensor(
  graph: GraphStructure,
  outputName: string,
  explainPreSoftmax: boolean,
  notes: string[],
): string {
  let node = graph.nodes.get(parseTensorName(outputName).node)!;
  while (identityOps.has(node.op) && node.inputs[0] && graph.nodes.has(node.inputs[0].node)) {
    node = graph.nodes.get(node.inputs[0].node)!;
  }
  if (explainPreSoftmax && node.op === 'Softmax' && node.inputs[0]) {
    const input = node.inputs[0];
    notes.push(
      `The model ends in Softmax (node "${node.name}"): explaining the scores before it (node "${input.node}"), ` +
        'as the Grad-CAM paper does.',
    );
    return input.index === 0 ? input.node : `${input.node}:${input.index}`;
  }
  return outputName;
}

function ancestorsOf(graph: GraphStructure, node: string): Set<string> {
  const seen = new Set<string>();
  const pending = [node];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const input of graph.nodes.get(name)?.inputs ?? []) pending.push(input.node);
  }
  return seen;
}

function readsOnlyFirstOutput(graph: GraphStructure, node: GraphNode): boolean {
  return (graph.consumers.get(node.name) ?? []).every((consumer) =>
    consumer.inputs.every((input) => input.node !== node.name || input.index === 0),
  );
}

function computeCut(graph: GraphStructure, ancestors: ReadonlySet<string>, node: string): Cut {
  const after = new Set<string>();
  for (const candidate of graph.order) {
    if (!ancestors.has(candidate.name)) continue;
    if (candidate.inputs.some((input) => input.node === node || after.has(input.node)))
      after.add(candidate.name);
  }
  const frontier = new Set<string>();
  let needsInput = false;
  for (const name of after) {
    for (const input of graph.nodes.get(name)!.inputs) {
      if (input.node === node || after.has(input.node) || !graph.dependsOnInput.has(input.node)) continue;
      const source = graph.nodes.get(input.node)!;
      if (input.index === 0 && readsOnlyFirstOutput(graph, source)) frontier.add(input.node);
      else needsInput = true;
    }
  }
  return { node, frontier: [...frontier], needsInput };
}
