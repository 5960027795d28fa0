import { InvalidModelError } from '@gradcam/core';
import { UnsupportedLayerError } from '../errors/unsupported-layer-error.js';

/** A Keras layer config, as in `model.json`. */
export type KerasConfig = Readonly<Record<string, unknown>>;

/** A layer of the model graph, with the layers whose outputs it takes, in order. */
export interface KerasLayer {
  /** The layer's name (unique in the model). */
  readonly name: string;
  /** The layer's Keras class, e.g. `'Conv2D'`. */
  readonly className: string;
  /** The layer's config. */
  readonly config: KerasConfig;
  /** The names of the layers whose (first) output this layer takes; empty for inputs. */
  readonly inbound: readonly string[];
}

/** A model as a list of layers in dependency order, with its input and output layers. */
export interface KerasGraph {
  /** The layers, each after the layers it takes. */
  readonly layers: readonly KerasLayer[];
  /** The input layers' names. */
  readonly inputs: readonly string[];
  /** The output layers' names. */
  readonly outputs: readonly string[];
}

const nestedModelClasses = new Set(['Sequential', 'Model', 'Functional']);

/**
 * Reads a Keras topology (`modelTopology` of a TensorFlow.js `model.json`, or its `model_config`) into layers in
 * dependency order. Sequential models get an input layer named `<first layer>_input`, as TensorFlow.js names it.
 *
 * @throws {@link InvalidModelError} when the topology is not a Keras Sequential or functional model.
 * @throws {@link UnsupportedLayerError} for nested models, layers called more than once, or a layer taking an
 * output other than the first of another.
 */
export function readKerasTopology(topology: unknown): KerasGraph {
  let root = asRecord(topology);
  if (root && root.model_config !== undefined) root = asRecord(root.model_config);
  const className = root?.class_name;
  if (!root || typeof className !== 'string') {
    throw new InvalidModelError(
      'The modelTopology is not a Keras model (no class_name): pass the artifacts of a TensorFlow.js LayersModel.',
    );
  }
  if (className === 'Sequential') return sequentialGraph(root.config);
  if (className === 'Model' || className === 'Functional') return functionalGraph(asRecord(root.config));
  throw new InvalidModelError(
    `The modelTopology is a "${className}", not a Keras Sequential, Model or Functional model.`,
  );
}

function sequentialGraph(config: unknown): KerasGraph {
  const list = Array.isArray(config) ? config : asRecord(config)?.layers;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidModelError('The Sequential model has no layers.');
  }
  const raw = list.map((entry) => layerOf(entry));
  const layers: KerasLayer[] = [];
  let previous: string | undefined;
  const first = raw[0]!;
  if (first.className !== 'InputLayer') {
    const batchInputShape = first.config.batch_input_shape ?? first.config.batch_shape;
    if (!Array.isArray(batchInputShape)) {
      throw new InvalidModelError(
        `The first layer "${first.name}" of the Sequential model declares no batch_input_shape.`,
      );
    }
    previous = `${first.name}_input`;
    layers.push({
      name: previous,
      className: 'InputLayer',
      config: { name: previous, batch_input_shape: batchInputShape },
      inbound: [],
    });
  }
  for (const layer of raw) {
    checkNotNested(layer);
    layers.push({ ...layer, inbound: layer.className === 'InputLayer' ? [] : previous ? [previous] : [] });
    previous = layer.name;
  }
  return { layers, inputs: [layers[0]!.name], outputs: [previous!] };
}

function functionalGraph(config: Record<string, unknown> | undefined): KerasGraph {
  const list = config?.layers;
  if (!config || !Array.isArray(list)) throw new InvalidModelError('The functional model has no layers.');
  const byName = new Map<string, KerasLayer>();
  for (const entry of list) {
    const record = asRecord(entry) ?? {};
    const layer = layerOf(entry);
    checkNotNested(layer);
    const nodes = Array.isArray(record.inbound_nodes) ? record.inbound_nodes : [];
    if (nodes.length > 1) {
      throw new UnsupportedLayerError(
        layer.name,
        layer.className,
        `it is called ${nodes.length} times (a shared layer)`,
        ['layers called once'],
      );
    }
    const inbound = nodes.length === 0 ? [] : inboundNames(layer, nodes[0]);
    byName.set(layer.name, { ...layer, inbound });
  }
  const ordered: KerasLayer[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, from: string): void => {
    const layer = byName.get(name);
    if (!layer)
      throw new InvalidModelError(`Layer "${from}" takes the output of "${name}", which is not a layer.`);
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new InvalidModelError(`The model has a cycle through layer "${name}".`);
    state.set(name, 'visiting');
    for (const input of layer.inbound) visit(input, name);
    state.set(name, 'done');
    ordered.push(layer);
  };
  const inputs = endpoints(config.input_layers, 'input_layers');
  const outputs = endpoints(config.output_layers, 'output_layers');
  for (const name of inputs) {
    if (byName.get(name)?.className !== 'InputLayer') {
      throw new InvalidModelError(`The model's input "${name}" is not an InputLayer.`);
    }
    visit(name, 'input_layers');
  }
  for (const name of outputs) visit(name, 'output_layers');
  return { layers: ordered, inputs, outputs };
}

function inboundNames(layer: KerasLayer, node: unknown): string[] {
  if (!Array.isArray(node)) {
    throw new InvalidModelError(
      `The inbound node of layer "${layer.name}" is not in the Keras 2 / TensorFlow.js form ` +
        '[[layer, node, tensor, kwargs], ...]; save the model with TensorFlow.js or Keras 2.',
    );
  }
  return node.map((entry) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
      throw new InvalidModelError(`Layer "${layer.name}" has a malformed inbound node.`);
    }
    if ((entry[1] ?? 0) !== 0 || (entry[2] ?? 0) !== 0) {
      throw new UnsupportedLayerError(
        layer.name,
        layer.className,
        `it takes output ${entry[2]} of call ${entry[1]} of layer "${entry[0]}"`,
        ['the first output of a layer called once'],
      );
    }
    return entry[0];
  });
}

function endpoints(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidModelError(`The functional model's ${field} are missing.`);
  }
  return value.map((entry) => {
    const name = Array.isArray(entry) ? entry[0] : undefined;
    if (typeof name !== 'string')
      throw new InvalidModelError(`The functional model's ${field} are malformed.`);
    return name;
  });
}

function layerOf(entry: unknown): KerasLayer {
  const record = asRecord(entry);
  const config = asRecord(record?.config);
  const className = record?.class_name;
  const name = typeof record?.name === 'string' ? record.name : config?.name;
  if (!record || !config || typeof className !== 'string' || typeof name !== 'string') {
    throw new InvalidModelError('A layer of the model has no class_name, name or config.');
  }
  return { name, className, config, inbound: [] };
}

function checkNotNested(layer: KerasLayer): void {
  if (nestedModelClasses.has(layer.className)) {
    throw new UnsupportedLayerError(layer.name, layer.className, 'nested models are not exported', [
      'a flat Sequential or functional model',
    ]);
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
