import { floatAttr, intAttr, intsAttr, stringAttr } from '../proto/attributes.js';
import type { AttributeProto } from '../proto/onnx.js';
import { activationOf, applyActivation, reluLayer } from './activations.js';
import { type ExportValue, type LayerContext, shapeText } from './export-context.js';
import { samePadding, windowOutputSize } from './same-padding.js';

/** Writes one Keras layer as ONNX nodes and returns its output. */
export type LayerConverter = (context: LayerContext, inputs: readonly ExportValue[]) => ExportValue;

const nchwToNhwc = [0, 2, 3, 1] as const;

/** The converters, by Keras class name. */
export const layerConverters: ReadonlyMap<string, LayerConverter> = new Map<string, LayerConverter>([
  ['Conv2D', conv2d],
  ['BatchNormalization', batchNormalization],
  ['ReLU', (context, inputs) => single(context, inputs, (input) => reluLayer(context, input))],
  [
    'Activation',
    (context, inputs) =>
      single(context, inputs, (input) => applyActivation(context, input, activationOf(context))),
  ],
  ['MaxPooling2D', (context, inputs) => pooling(context, inputs, 'MaxPool')],
  ['AveragePooling2D', (context, inputs) => pooling(context, inputs, 'AveragePool')],
  ['GlobalMaxPooling2D', (context, inputs) => globalPooling(context, inputs, 'GlobalMaxPool')],
  ['GlobalAveragePooling2D', (context, inputs) => globalPooling(context, inputs, 'GlobalAveragePool')],
  ['Add', add],
  ['Flatten', flatten],
  ['Dense', dense],
  ['Dropout', (context, inputs) => single(context, inputs, (input) => input)],
]);

/** The Keras layer classes the exporter supports, sorted. */
export function supportedLayerClasses(): string[] {
  return ['InputLayer', ...layerConverters.keys()].sort();
}

function single(
  context: LayerContext,
  inputs: readonly ExportValue[],
  convert: (input: ExportValue) => ExportValue,
): ExportValue {
  context.expectInputs(inputs, 1);
  return convert(inputs[0]!);
}

function expectChannelsLast(context: LayerContext): void {
  context.expectOption('data_format', ['channels_last'], 'channels_last');
}

function paddingMode(context: LayerContext): 'same' | 'valid' {
  const padding = context.option<string>('padding', 'valid');
  if (padding !== 'same' && padding !== 'valid') {
    throw context.unsupported(`padding ${JSON.stringify(padding)}`, ["padding 'valid'", "padding 'same'"]);
  }
  return padding;
}

/**
 * Window attributes (kernel, strides, dilations, explicit TensorFlow pads) and the output's height and width.
 * With free height or width, `'same'` becomes `auto_pad: SAME_UPPER`, which pads as TensorFlow does.
 */
function windowAttributes(
  input: ExportValue,
  kernel: readonly [number, number],
  strides: readonly [number, number],
  dilations: readonly [number, number],
  padding: 'same' | 'valid',
): { attributes: AttributeProto[]; outputSize: (number | null)[] } {
  const size = [input.shape[1] ?? null, input.shape[2] ?? null];
  const attributes = [intsAttr('kernel_shape', kernel), intsAttr('strides', strides)];
  if (padding === 'same' && size.some((extent) => extent === null)) {
    attributes.push(stringAttr('auto_pad', 'SAME_UPPER'));
  } else {
    const [top, bottom] =
      padding === 'same' ? samePadding(size[0]!, kernel[0], strides[0], dilations[0]) : [0, 0];
    const [left, right] =
      padding === 'same' ? samePadding(size[1]!, kernel[1], strides[1], dilations[1]) : [0, 0];
    attributes.push(intsAttr('pads', [top, left, bottom, right]));
  }
  const outputSize = size.map((extent, axis) =>
    windowOutputSize(extent, kernel[axis]!, strides[axis]!, dilations[axis]!, padding),
  );
  return { attributes, outputSize };
}

function conv2d(context: LayerContext, inputs: readonly ExportValue[]): ExportValue {
  context.expectInputs(inputs, 1);
  const input = inputs[0]!;
  context.expectImage(input);
  expectChannelsLast(context);
  const activation = activationOf(context);
  const filters = context.option<number>('filters', 0);
  const kernel = context.pair('kernel_size', [1, 1]);
  const strides = context.pair('strides', [1, 1]);
  const dilations = context.pair('dilation_rate', [1, 1]);
  const groups = context.option('groups', 1);
  const padding = paddingMode(context);
  const channels = input.shape[3];
  if (channels === null || channels === undefined) {
    throw context.unsupported('its input has a free number of channels', ['inputs with known channels']);
  }
  if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0 || filters % groups !== 0) {
    throw context.unsupported(`groups ${groups} with ${channels} channels and ${filters} filters`, [
      'groups that divide both the channels and the filters',
    ]);
  }
  const perGroup = channels / groups;
  const kernelValues = context.weight('kernel', [kernel[0], kernel[1], perGroup, filters]);
  // Keras [height, width, in, out] -> ONNX [out, in, height, width].
  const weights = new Float32Array(kernelValues.length);
  const taps = kernel[0] * kernel[1];
  for (let tap = 0; tap < taps; tap++) {
    for (let channel = 0; channel < perGroup; channel++) {
      for (let filter = 0; filter < filters; filter++) {
        weights[(filter * perGroup + channel) * taps + tap] =
          kernelValues[(tap * perGroup + channel) * filters + filter]!;
      }
    }
  }
  const convInputs = [
    input.name,
    context.constant('kernel', weights, [filters, perGroup, kernel[0], kernel[1]]),
  ];
  if (context.option('use_bias', true)) {
    convInputs.push(context.constant('bias', context.weight('bias', [filters]), [filters]));
  }
  const { attributes, outputSize } = windowAttributes(input, kernel, strides, dilations, padding);
  attributes.push(intsAttr('dilations', dilations));
  if (groups !== 1) attributes.push(intAttr('group', groups));
  const output: ExportValue = {
    name: context.op('Conv', convInputs, attributes),
    shape: [input.shape[0]!, outputSize[0]!, outputSize[1]!, filters],
    channelsFirst: true,
  };
  return applyActivation(context, output, activation);
}

function batchNormalization(context: LayerContext, inputs: readonly ExportValue[]): ExportValue {
  context.expectInputs(inputs, 1);
  const input = inputs[0]!;
  const rank = input.shape.length;
  let axis = context.option<number | number[]>('axis', -1);
  if (Array.isArray(axis) && axis.length === 1) axis = axis[0]!;
  if (typeof axis !== 'number' || (rank !== 2 && rank !== 4) || (axis !== -1 && axis !== rank - 1)) {
    throw context.unsupported(`axis ${JSON.stringify(axis)} on a ${rank}-D input`, [
      'axis -1 (the channels) on 2-D or 4-D inputs',
    ]);
  }
  const channels = input.shape[rank - 1];
  if (typeof channels !== 'number') {
    throw context.unsupported('its input has a free number of channels', ['inputs with known channels']);
  }
  const scale = context.option('scale', true)
    ? context.weight('gamma', [channels])
    : new Float32Array(channels).fill(1);
  const center = context.option('center', true)
    ? context.weight('beta', [channels])
    : new Float32Array(channels);
  const mean = context.weight('moving_mean', [channels]);
  const variance = context.weight('moving_variance', [channels]);
  const name = context.op(
    'BatchNormalization',
    [
      input.name,
      context.constant('gamma', scale, [channels]),
      context.constant('beta', center, [channels]),
      context.constant('moving_mean', mean, [channels]),
      context.constant('moving_variance', variance, [channels]),
    ],
    [floatAttr('epsilon', context.option('epsilon', 1e-3))],
  );
  return { ...input, name };
}

function pooling(
  context: LayerContext,
  inputs: readonly ExportValue[],
  opType: 'MaxPool' | 'AveragePool',
): ExportValue {
  context.expectInputs(inputs, 1);
  const input = inputs[0]!;
  context.expectImage(input);
  expectChannelsLast(context);
  const kernel = context.pair('pool_size', [2, 2]);
  const strides = context.pair('strides', kernel);
  const padding = paddingMode(context);
  // AveragePool's default count_include_pad = 0 averages over the inputs only, as TensorFlow does.
  const { attributes, outputSize } = windowAttributes(input, kernel, strides, [1, 1], padding);
  return {
    name: context.op(opType, [input.name], attributes),
    shape: [input.shape[0]!, outputSize[0]!, outputSize[1]!, input.shape[3]!],
    channelsFirst: true,
  };
}

function globalPooling(
  context: LayerContext,
  inputs: readonly ExportValue[],
  opType: 'GlobalMaxPool' | 'GlobalAveragePool',
): ExportValue {
  context.expectInputs(inputs, 1);
  const input = inputs[0]!;
  context.expectImage(input);
  expectChannelsLast(context);
  const pooled = context.op(opType, [input.name]);
  const [batch, , , channels] = input.shape;
  if (context.option('keepdims', false)) {
    return { name: pooled, shape: [batch!, 1, 1, channels!], channelsFirst: true };
  }
  return {
    name: context.op('Flatten', [pooled], [intAttr('axis', 1)]),
    shape: [batch!, channels!],
    channelsFirst: false,
  };
}

function add(context: LayerContext, inputs: readonly ExportValue[]): ExportValue {
  if (inputs.length < 2) throw context.unsupported(`it takes ${inputs.length} input`, ['2 or more inputs']);
  const first = inputs[0]!;
  for (const input of inputs) {
    const same =
      input.shape.length === first.shape.length &&
      input.shape.every(
        (size, axis) => size === null || first.shape[axis] === null || size === first.shape[axis],
      );
    if (!same) {
      throw context.unsupported(
        `its inputs have shapes [${shapeText(first.shape)}] and [${shapeText(input.shape)}]`,
        ['inputs of one shape'],
      );
    }
  }
  let sum = first.name;
  for (const input of inputs.slice(1)) sum = context.op('Add', [sum, input.name]);
  return { ...first, name: sum };
}

function flatten(context: LayerContext, inputs: readonly ExportValue[]): ExportValue {
  context.expectInputs(inputs, 1);
  const input = inputs[0]!;
  expectChannelsLast(context);
  // Keras flattens in NHWC order: an NCHW tensor goes back to NHWC first.
  const source = input.channelsFirst
    ? context.op('Transpose', [input.name], [intsAttr('perm', nchwToNhwc)])
    : input.name;
  const rest = input.shape.slice(1);
  const size = rest.some((extent) => extent === null)
    ? null
    : rest.reduce<number>((product, extent) => product * extent!, 1);
  return {
    name: context.op('Flatten', [source], [intAttr('axis', 1)]),
    shape: [input.shape[0]!, size],
    channelsFirst: false,
  };
}

function dense(context: LayerContext, inputs: readonly ExportValue[]): ExportValue {
  context.expectInputs(inputs, 1);
  const input = inputs[0]!;
  if (input.shape.length !== 2) {
    throw context.unsupported(`its input has ${input.shape.length} axes [${shapeText(input.shape)}]`, [
      '2-D [batch, features] inputs (Flatten or pool first)',
    ]);
  }
  const activation = activationOf(context);
  const features = input.shape[1];
  const units = context.option<number>('units', 0);
  const kernel = context.weight('kernel', [features ?? null, units]);
  const inFeatures = kernel.length / units;
  const gemmInputs = [input.name, context.constant('kernel', kernel, [inFeatures, units])];
  if (context.option('use_bias', true)) {
    gemmInputs.push(context.constant('bias', context.weight('bias', [units]), [units]));
  }
  const output: ExportValue = {
    name: context.op('Gemm', gemmInputs),
    shape: [input.shape[0]!, units],
    channelsFirst: false,
  };
  return applyActivation(context, output, activation);
}
