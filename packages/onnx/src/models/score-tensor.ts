import { UnknownLayerError } from '@gradcam/core';
import type { ModelGraph } from '../graph/model-graph.js';

/** The tensor whose values are the class scores, and why it was chosen. */
export interface ScoreSelection {
  /** The score tensor (any shape `[N, ...]`; flattened to `[N, classes]`). */
  readonly tensor: string;
  /** When a final (Log)Softmax was skipped: the operator and its node. */
  readonly skippedSoftmax?: { readonly operation: string; readonly node: string; readonly output: string };
}

const reshapingOperators = new Set(['Reshape', 'Flatten', 'Squeeze', 'Identity', 'Cast']);

/**
 * Chooses the score tensor: the named `output` (any graph output or intermediate tensor), or the model's first
 * output — or, when that output is a `Softmax` / `LogSoftmax` (possibly followed by Reshape, Flatten, Squeeze,
 * Identity or Cast), the tensor before it, as the Grad-CAM paper explains pre-softmax scores.
 *
 * @throws {@link UnknownLayerError} when `output` names no tensor of the model.
 */
export function selectScoreTensor(graph: ModelGraph, output?: string): ScoreSelection {
  if (output !== undefined) {
    if (!graph.producers.has(output)) {
      throw new UnknownLayerError(output, [...graph.outputs, ...[...graph.producers.keys()].slice(-25)]);
    }
    return { tensor: output };
  }
  const first = graph.outputs[0]!;
  let tensor = first;
  for (let step = 0; step < 16; step++) {
    const producer = graph.producers.get(tensor);
    if (!producer || (producer.domain && producer.domain !== 'ai.onnx')) break;
    const operation = producer.opType ?? '';
    if (operation === 'Softmax' || operation === 'LogSoftmax') {
      return {
        tensor: producer.input![0]!,
        skippedSoftmax: { operation, node: graph.label(producer), output: first },
      };
    }
    if (!reshapingOperators.has(operation)) break;
    tensor = producer.input![0]!;
  }
  return { tensor: first };
}
