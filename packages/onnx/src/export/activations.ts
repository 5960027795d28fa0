import { floatAttr, intAttr } from '../proto/attributes.js';
import { DataType } from '../proto/data-type.js';
import type { ExportValue, LayerContext } from './export-context.js';

/** The Keras activations the exporter writes as ONNX operators. */
export const supportedActivations: readonly string[] = [
  'linear',
  'relu',
  'relu6',
  'sigmoid',
  'tanh',
  'softmax',
];

/**
 * The layer's `activation` setting, checked (before any node is emitted).
 *
 * @throws {@link UnsupportedLayerError} for an activation not in {@link supportedActivations}.
 */
export function activationOf(context: LayerContext): string {
  const name = context.option<unknown>('activation', 'linear');
  if (typeof name !== 'string' || !supportedActivations.includes(name)) {
    throw context.unsupported(
      `activation ${JSON.stringify(name)}`,
      supportedActivations.map((item) => `activation '${item}'`),
    );
  }
  return name;
}

/**
 * Applies a Keras activation (by name) to `value`: nothing for `linear`, otherwise one ONNX node. Softmax runs
 * over the Keras last axis (the channels of an image tensor, axis 1 of NCHW).
 *
 * @throws {@link UnsupportedLayerError} for any other activation.
 */
export function applyActivation(context: LayerContext, value: ExportValue, activation: unknown): ExportValue {
  const name = activation ?? 'linear';
  switch (name) {
    case 'linear':
      return value;
    case 'relu':
      return { ...value, name: context.op('Relu', [value.name]) };
    case 'relu6':
      return { ...value, name: clip(context, value.name, 0, 6) };
    case 'sigmoid':
      return { ...value, name: context.op('Sigmoid', [value.name]) };
    case 'tanh':
      return { ...value, name: context.op('Tanh', [value.name]) };
    case 'softmax': {
      const axis = value.channelsFirst ? 1 : value.shape.length - 1;
      return { ...value, name: context.op('Softmax', [value.name], [intAttr('axis', axis)]) };
    }
    default:
      throw context.unsupported(
        `activation ${JSON.stringify(name)}`,
        supportedActivations.map((item) => `activation '${item}'`),
      );
  }
}

/**
 * The Keras `ReLU` layer: `max_value` caps it (`Clip`), `negative_slope` makes it leaky (`LeakyRelu`); a
 * non-zero `threshold` is not supported.
 */
export function reluLayer(context: LayerContext, value: ExportValue): ExportValue {
  const maxValue = context.option<number | null>('max_value', null);
  const slope = context.option('negative_slope', 0);
  const threshold = context.option('threshold', 0);
  if (threshold !== 0) throw context.unsupported(`threshold ${threshold}`, ['threshold 0']);
  if (slope !== 0 && maxValue !== null) {
    throw context.unsupported('both negative_slope and max_value', ['negative_slope or max_value, not both']);
  }
  if (slope !== 0) {
    return { ...value, name: context.op('LeakyRelu', [value.name], [floatAttr('alpha', slope)]) };
  }
  if (maxValue !== null) return { ...value, name: clip(context, value.name, 0, maxValue) };
  return { ...value, name: context.op('Relu', [value.name]) };
}

function clip(context: LayerContext, input: string, low: number, high: number): string {
  const { builder } = context;
  return context.op('Clip', [
    input,
    builder.scalar(low, DataType.FLOAT),
    builder.scalar(high, DataType.FLOAT),
  ]);
}
