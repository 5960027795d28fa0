import { InvalidModelError, type Layout } from '@gradcam/core';
import {
  isContainer,
  type KerasContainerLike,
  type KerasLayerLike,
  nodesInExecutionOrder,
  type SymbolicTensorLike,
} from './keras-internals.js';

/** One layer call of a flattened LayersModel. */
export interface LayerStep {
  /** Index in {@link LayersProgram.steps}. */
  readonly index: number;
  /** The name users pass as `layer`: the layer's name, prefixed `outer/` inside nested models. */
  readonly name: string;
  /** The layer's class, e.g. `'Conv2D'`. */
  readonly kind: string;
  /** The layer to call. */
  readonly layer: KerasLayerLike;
  /** Keys of the tensors it reads. */
  readonly inputs: readonly string[];
  /** Keys of the tensors it writes. */
  readonly outputs: readonly string[];
  /** Keyword arguments of the call, as recorded in the model. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** Static shape of its first output. */
  readonly outputShape: readonly (number | null)[];
  /** Layout of its first output when 4-D. */
  readonly layout: Layout | undefined;
  /** Run without its activation (a softmax at the model's output, when pre-softmax scores are explained). */
  readonly linear: boolean;
}

/** A name users can pass as `layer`, and the tensor it stands for. */
export interface ProgramTensor {
  /** The name. */
  readonly name: string;
  /** The layer's class (for a nested model: its class, e.g. `'Sequential'`). */
  readonly kind: string;
  /** The tensor's key. */
  readonly key: string;
  /** Static shape. */
  readonly shape: readonly (number | null)[];
  /** Layout when 4-D. */
  readonly layout: Layout | undefined;
}

/** A LayersModel flattened into one list of layer calls in execution order, nested models expanded. */
export interface LayersProgram {
  /** Key of the model's (single) input tensor. */
  readonly input: string;
  /** Static shape of the input. */
  readonly inputShape: readonly (number | null)[];
  /** Key of the tensor holding the scores. */
  readonly scores: string;
  /** Static shape of the scores. */
  readonly scoresShape: readonly (number | null)[];
  /** The calls needed to compute the scores, in execution order. */
  readonly steps: readonly LayerStep[];
  /** The names users can pass as `layer`, in execution order. */
  readonly tensors: readonly ProgramTensor[];
  /** Facts to report in the backend's notes. */
  readonly notes: readonly string[];
}

/** Options of {@link compileLayersProgram}. */
export interface CompileLayersOptions {
  /** Name of the output layer to explain (multi-output models). @default the first output */
  readonly output?: string | undefined;
  /** Explain the scores before a final softmax. */
  readonly explainPreSoftmax: boolean;
}

interface MutableStep extends Omit<LayerStep, 'index' | 'linear'> {
  linear: boolean;
}

/**
 * Flattens a LayersModel (functional or Sequential, nested models expanded) into a list of layer calls over
 * named tensors, finds the scores tensor (before a final softmax unless told otherwise) and keeps only the
 * calls the scores need.
 *
 * @throws {@link InvalidModelError} for models with more than one input or without a usable output.
 */
export function compileLayersProgram(
  model: KerasContainerLike,
  options: CompileLayersOptions,
): LayersProgram {
  if (model.inputs.length !== 1) {
    throw new InvalidModelError(
      `The model has ${model.inputs.length} inputs; @gradcam/tfjs explains models with one image input. ` +
        'Wrap it in a model that takes one input.',
    );
  }
  const steps: MutableStep[] = [];
  const tensors: ProgramTensor[] = [];
  const producers = new Map<string, MutableStep>();
  const shapes = new Map<string, readonly (number | null)[]>();
  const layouts = new Map<string, Layout | undefined>();
  let scopes = 0;

  const flatten = (container: KerasContainerLike, inputKeys: readonly string[], prefix: string): string[] => {
    const scope = `s${scopes++}`;
    const keys = new Map<number, string>();
    const keyOf = (tensor: SymbolicTensorLike): string => {
      const key = keys.get(tensor.id);
      if (key === undefined) {
        throw new InvalidModelError(
          `Cannot order the layers of "${container.name}": a tensor is used before it is computed.`,
        );
      }
      return key;
    };
    container.inputs.forEach((tensor, index) => {
      keys.set(tensor.id, inputKeys[index]!);
    });
    const calls = new Map<string, number>();
    for (const node of nodesInExecutionOrder(container)) {
      const layer = node.outboundLayer;
      const kind = layer.getClassName();
      if (kind === 'InputLayer') continue;
      const inputs = node.inputTensors.map(keyOf);
      const call = calls.get(layer.name) ?? 0;
      calls.set(layer.name, call + 1);
      const name = `${prefix}${layer.name}${call > 0 ? `:${call}` : ''}`;
      if (isContainer(layer)) {
        const outputs = flatten(layer, inputs, `${name}/`);
        node.outputTensors.forEach((tensor, index) => {
          keys.set(tensor.id, outputs[index]!);
        });
        const key = outputs[0]!;
        tensors.push({ name, kind, key, shape: shapes.get(key) ?? [], layout: layouts.get(key) });
        continue;
      }
      const outputs = node.outputTensors.map((tensor, index) => {
        const key = `${scope}:${tensor.id}`;
        keys.set(tensor.id, key);
        shapes.set(key, [...tensor.shape]);
        if (index === 0) layouts.set(key, layoutOf(layer, tensor.shape, inputs[0], layouts));
        return key;
      });
      const step: MutableStep = {
        name,
        kind,
        layer,
        inputs,
        outputs,
        kwargs: withoutMask(node.callArgs),
        outputShape: shapes.get(outputs[0]!) ?? [],
        layout: layouts.get(outputs[0]!),
        linear: false,
      };
      steps.push(step);
      for (const key of outputs) producers.set(key, step);
      tensors.push({ name, kind, key: outputs[0]!, shape: step.outputShape, layout: step.layout });
    }
    return container.outputs.map(keyOf);
  };

  const inputKey = 'input';
  shapes.set(inputKey, [...model.inputs[0]!.shape]);
  const outputKeys = flatten(model, [inputKey], '');
  const outputIndex = options.output === undefined ? 0 : outputIndexOf(model, options.output);
  let scores = outputKeys[outputIndex]!;
  const notes: string[] = [];
  if (model.outputs.length > 1 && options.output === undefined) {
    notes.push(
      `The model has ${model.outputs.length} outputs: explaining the first one (choose another with the option \`output\`).`,
    );
  }
  if (options.explainPreSoftmax) {
    const last = producers.get(scores);
    if (last && isSoftmaxLayer(last.layer)) {
      scores = last.inputs[0]!;
      notes.push(
        `The model ends in a softmax ("${last.name}"): explaining the scores before it, as the Grad-CAM paper does.`,
      );
    } else if (last && last.layer.activation?.getClassName() === 'softmax') {
      last.linear = true;
      notes.push(
        `The model ends in a softmax (the activation of "${last.name}"): explaining the scores before it, as the Grad-CAM paper does.`,
      );
    }
  }
  const scoresShape = shapes.get(scores) ?? [];
  if (scoresShape.length < 2) {
    throw new InvalidModelError(
      `The model's output has shape [${scoresShape.join(', ')}]; expected class scores of shape [batch, classes].`,
    );
  }

  // Only the calls the scores depend on (not a removed softmax, not other outputs' heads).
  const needed = ancestorSteps(producers, scores);
  const kept = steps.filter((step) => needed.has(step));
  return {
    input: inputKey,
    inputShape: shapes.get(inputKey)!,
    scores,
    scoresShape,
    steps: kept.map((step, index) => ({ ...step, index })),
    tensors: tensors.filter((tensor) => {
      const producer = producers.get(tensor.key);
      return producer !== undefined && needed.has(producer);
    }),
    notes,
  };
}

/** The calls that compute `key`, directly or through other calls. */
function ancestorSteps(producers: ReadonlyMap<string, MutableStep>, key: string): Set<MutableStep> {
  const found = new Set<MutableStep>();
  const pending = [key];
  while (pending.length > 0) {
    const step = producers.get(pending.pop()!);
    if (!step || found.has(step)) continue;
    found.add(step);
    pending.push(...step.inputs);
  }
  return found;
}

function outputIndexOf(model: KerasContainerLike, output: string): number {
  const names = (model as unknown as { outputNames?: readonly string[] }).outputNames ?? [];
  const index = names.indexOf(output);
  if (index < 0) {
    throw new InvalidModelError(
      `The model has no output named "${output}". Its outputs: ${names.join(', ') || '(unnamed)'}.`,
    );
  }
  return index;
}

function isSoftmaxLayer(layer: KerasLayerLike): boolean {
  const kind = layer.getClassName();
  return kind === 'Softmax' || (kind === 'Activation' && layer.activation?.getClassName() === 'softmax');
}

function withoutMask(callArgs: Record<string, unknown> | undefined): Record<string, unknown> {
  const { mask: _mask, ...rest } = callArgs ?? {};
  return rest;
}

function layoutOf(
  layer: KerasLayerLike,
  shape: readonly (number | null)[],
  firstInput: string | undefined,
  layouts: Map<string, Layout | undefined>,
): Layout | undefined {
  if (shape.length !== 4) return undefined;
  if (layer.dataFormat === 'channelsFirst') return 'nchw';
  if (layer.dataFormat === 'channelsLast') return 'nhwc';
  return (firstInput !== undefined ? layouts.get(firstInput) : undefined) ?? 'nhwc';
}
