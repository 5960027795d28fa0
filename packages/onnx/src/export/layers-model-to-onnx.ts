import { InvalidModelError } from '@gradcam/core';
import { tensorValueInfo } from '../graph/derive-model.js';
import { GraphBuilder } from '../graph/graph-builder.js';
import { intsAttr } from '../proto/attributes.js';
import { DataType } from '../proto/data-type.js';
import { type ModelProto, onnx, type ValueInfoProto } from '../proto/onnx.js';
import { writeModel } from '../proto/write-model.js';
import { type ExportValue, LayerContext } from './export-context.js';
import { type KerasLayer, readKerasTopology } from './keras-topology.js';
import { layerConverters, supportedLayerClasses } from './layer-converters.js';
import type { LayersModelArtifacts } from './layers-model-artifacts.js';
import { readWeights } from './read-weights.js';

/** Options of {@link layersModelToOnnx} and {@link layersModelToOnnxModel}. */
export interface LayersModelToOnnxOptions {
  /**
   * The layout of the ONNX model's image input. `'nhwc'` keeps the TensorFlow.js input (`[N, 32, 32, 3]`) and
   * transposes it to NCHW inside the graph; `'nchw'` makes the input `[N, 3, 32, 32]`, what ONNX image models
   * (and `createOnnxBackend`) take. Either way the graph computes in NCHW. Inputs that are not 4-D are kept.
   * @default 'nhwc'
   */
  readonly inputLayout?: 'nhwc' | 'nchw';
  /** The default-domain ONNX opset of the model, 13 to 21. @default 13 */
  readonly opset?: number;
  /**
   * A fixed batch size for the inputs and outputs. @default the model's (a free batch axis named `N` when the
   * model leaves it free, as Keras models do)
   */
  readonly batchSize?: number;
}

const nhwcToNchw = [0, 3, 1, 2] as const;

/**
 * Converts a TensorFlow.js LayersModel (its saved artifacts: Keras topology, weight specs and weight bytes) to an
 * ONNX model, without TensorFlow.js. Supported layers: `Conv2D` (any strides, dilations and groups, `'same'` or
 * `'valid'` padding, with or without bias), `BatchNormalization`, `ReLU`, `Activation`, `MaxPooling2D`,
 * `AveragePooling2D`, `GlobalMaxPooling2D`, `GlobalAveragePooling2D`, `Add`, `Flatten`, `Dense`, `Dropout` and
 * `InputLayer`, with the activations `linear`, `relu`, `relu6`, `sigmoid`, `tanh` and `softmax`.
 *
 * Each layer's output tensor (and its last node) is named after the Keras layer, so the same layer name picks the
 * same activations with `@gradcam/tfjs` and `@gradcam/onnx`. Image tensors are NCHW in the ONNX graph where
 * TensorFlow.js holds them NHWC; `Flatten` transposes back first, so flattened features keep Keras' order.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { layersModelToOnnx } from '@gradcam/onnx';
 *
 * const artifacts = await new Promise<tf.io.ModelArtifacts>((resolve) =>
 *   model.save(tf.io.withSaveHandler(async (saved) => (resolve(saved), { modelArtifactsInfo: {} as never }))),
 * );
 * const onnxBytes = layersModelToOnnx(artifacts, { inputLayout: 'nchw' });
 * ```
 *
 * @param artifacts - the saved model: `tf.io.ModelArtifacts`, or a parsed `model.json` plus `weightData`
 * (see `readLayersModelArtifacts` in `@gradcam/onnx/node`).
 * @param options - input layout, opset and batch size.
 * @returns the `.onnx` file's bytes.
 * @throws {@link UnsupportedLayerError} for a layer class or setting the exporter does not support.
 * @throws {@link InvalidModelError} when the topology is not a Keras model or a weight is missing or misshapen.
 * @throws RangeError for an opset or batch size out of range.
 */
export function layersModelToOnnx(
  artifacts: LayersModelArtifacts,
  options: LayersModelToOnnxOptions = {},
): Uint8Array {
  return writeModel(layersModelToOnnxModel(artifacts, options));
}

/**
 * Like {@link layersModelToOnnx}, but returns the `ModelProto` (the decoded model) instead of its bytes.
 *
 * @param artifacts - the saved model.
 * @param options - input layout, opset and batch size.
 */
export function layersModelToOnnxModel(
  artifacts: LayersModelArtifacts,
  options: LayersModelToOnnxOptions = {},
): ModelProto {
  const inputLayout = options.inputLayout ?? 'nhwc';
  if (inputLayout !== 'nhwc' && inputLayout !== 'nchw') {
    throw new RangeError(`inputLayout must be 'nhwc' or 'nchw', got ${JSON.stringify(inputLayout)}.`);
  }
  const opset = options.opset ?? 13;
  if (!Number.isInteger(opset) || opset < 13 || opset > 21) {
    throw new RangeError(`opset must be an integer from 13 to 21, got ${opset}.`);
  }
  const batchSize = options.batchSize;
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}.`);
  }
  const graph = readKerasTopology(artifacts.modelTopology);
  const weights = readWeights(artifacts);
  const builder = new GraphBuilder({
    opset,
    reservedNames: new Set(graph.layers.map((layer) => layer.name)),
    info: () => undefined,
    prefix: '',
  });
  const values = new Map<string, ExportValue>();
  const graphInputs: ValueInfoProto[] = [];
  for (const layer of graph.layers) {
    const context = new LayerContext(layer, builder, weights);
    if (layer.className === 'InputLayer') {
      const { value, declaration } = inputValue(context, inputLayout, batchSize);
      graphInputs.push(declaration);
      values.set(layer.name, value);
      continue;
    }
    const convert = layerConverters.get(layer.className);
    if (!convert) throw context.unsupported('this layer class is not supported', supportedLayerClasses());
    const inputs = layer.inbound.map((name) => values.get(name)!);
    const emitted = builder.nodes.length;
    values.set(layer.name, bindToLayer(builder, layer, convert(context, inputs), emitted));
  }
  const outputs = graph.outputs.map((name) => {
    const value = values.get(name)!;
    return tensorValueInfo(value.name, DataType.FLOAT, onnxShape(value, batchSize));
  });
  const irVersion = opset >= 21 ? 10 : opset >= 19 ? 9 : opset >= 15 ? 8 : 7;
  return onnx.ModelProto.create({
    irVersion,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: opset })],
    producerName: '@gradcam/onnx',
    producerVersion: '',
    graph: onnx.GraphProto.create({
      name: graphName(artifacts.modelTopology),
      node: builder.nodes,
      initializer: builder.initializers,
      input: graphInputs,
      output: outputs,
    }),
  });
}

function inputValue(
  context: LayerContext,
  inputLayout: 'nhwc' | 'nchw',
  batchSize: number | undefined,
): { value: ExportValue; declaration: ValueInfoProto } {
  const { layer } = context;
  const declared = layer.config.batch_input_shape ?? layer.config.batch_shape;
  if (!Array.isArray(declared) || declared.length < 2) {
    throw new InvalidModelError(`The input layer "${layer.name}" declares no batch_input_shape.`);
  }
  const dtype = context.option('dtype', 'float32');
  if (dtype !== 'float32') throw context.unsupported(`dtype ${JSON.stringify(dtype)}`, ["dtype 'float32'"]);
  const shape = declared.map((size) => (typeof size === 'number' && size > 0 ? size : null));
  if (batchSize !== undefined) shape[0] = batchSize;
  const image = shape.length === 4;
  const channelsFirst = image && inputLayout === 'nchw';
  const declaration = tensorValueInfo(
    layer.name,
    DataType.FLOAT,
    onnxShape({ name: layer.name, shape, channelsFirst }, batchSize),
  );
  if (!image || channelsFirst)
    return { value: { name: layer.name, shape, channelsFirst: image }, declaration };
  const transposed = context.builder.op(
    'Transpose',
    [layer.name],
    [intsAttr('perm', nhwcToNchw)],
    undefined,
    `${layer.name}/nchw`,
  );
  return { value: { name: transposed, shape, channelsFirst: true }, declaration };
}

/**
 * Names the layer's output after the layer: renames the output of the node that computed it, or, when the layer
 * emitted no node (`Dropout`, `linear` activation of a reused tensor), adds an `Identity`.
 */
function bindToLayer(
  builder: GraphBuilder,
  layer: KerasLayer,
  value: ExportValue,
  firstNode: number,
): ExportValue {
  const last = builder.nodes.length > firstNode ? builder.nodes.at(-1) : undefined;
  if (last && last.output?.length === 1 && last.output[0] === value.name) {
    last.output = [layer.name];
    last.name = layer.name;
  } else {
    builder.nodeWithOutputs('Identity', [value.name], [layer.name]);
    builder.nodes.at(-1)!.name = layer.name;
  }
  return { ...value, name: layer.name };
}

function onnxShape(value: ExportValue, batchSize: number | undefined): (number | string)[] {
  const shape = value.channelsFirst ? nhwcToNchw.map((axis) => value.shape[axis] ?? null) : [...value.shape];
  return shape.map((size, axis) =>
    axis === 0 ? (batchSize ?? size ?? 'N') : (size ?? `${value.name}_${axis}`),
  );
}

function graphName(topology: unknown): string {
  const root = topology as {
    config?: { name?: unknown };
    model_config?: { config?: { name?: unknown } };
  } | null;
  const name = root?.config?.name ?? root?.model_config?.config?.name;
  return typeof name === 'string' && name ? name : 'model';
}
