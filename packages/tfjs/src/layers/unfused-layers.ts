import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { Tensor, TfCore } from '../tf-core.js';
import { conv2dWithInputGradient } from './conv2d-input-gradient.js';
import type { FlippedFilterCache } from './flipped-filter-cache.js';
import type { KerasLayerLike, LayerVariableLike } from './keras-internals.js';

/**
 * Implementations of common layers for the gradient pass, built from ops whose backward pass computes input
 * gradients only, cheaply:
 *
 * - `Conv2D`: unfused convolution (input gradient as a forward convolution), bias add, activation. tfjs-layers
 *   runs `fused.conv2d`, whose backward pass computes the filter gradient eagerly (about 100 times the needed
 *   work on cpu) and needs `Conv2DBackpropFilter`, which wasm lacks.
 * - `Dense` (2-D input): matrix product, bias add, activation (`fused.matMul` also computes weight gradients).
 * - `BatchNormalization` (inference): one multiply-add with folded constants (tfjs's batch-norm gradient tiles
 *   the scale to the full tensor and computes the statistics' gradients too).
 *
 * Each returns `undefined` when the layer is configured in a way it does not cover; the caller then runs the
 * layer's own `call`.
 */
export const unfusedLayers: Readonly<Record<string, UnfusedLayer>> = {
  Conv2D(tf, layer, x, { linear, filters }) {
    if (!layer.kernel || (layer.rank ?? 2) !== 2 || x.rank !== 4 || layer.padding === 'causal')
      return undefined;
    const channelsFirst = layer.dataFormat === 'channelsFirst';
    let y = conv2dWithInputGradient(
      tf,
      channelsFirst ? tf.transpose(x, [0, 2, 3, 1]) : x,
      layer.kernel.read(),
      pair(layer.strides),
      layer.padding === 'same' ? 'same' : 'valid',
      pair(layer.dilationRate),
      filters,
    );
    if (layer.bias) y = tf.add(y, layer.bias.read());
    if (channelsFirst) y = tf.transpose(y, [0, 3, 1, 2]);
    return activate(layer, y, linear);
  },
  Dense(tf, layer, x, { linear }) {
    if (!layer.kernel || x.rank !== 2) return undefined;
    let y: Tensor = tf.matMul(x as Tensor2D, layer.kernel.read() as Tensor2D);
    if (layer.bias) y = tf.add(y, layer.bias.read());
    return activate(layer, y, linear);
  },
  BatchNormalization(tf, layer, x, { kwargs }) {
    const norm = layer as KerasLayerLike & BatchNormFields;
    if (
      kwargs.training === true ||
      !norm.movingMean ||
      !norm.movingVariance ||
      typeof norm.axis !== 'number'
    ) {
      return undefined;
    }
    const axis = norm.axis < 0 ? norm.axis + x.rank : norm.axis;
    const shape = x.shape.map((size, index) => (index === axis ? size : 1));
    let scale = tf.rsqrt(tf.add(norm.movingVariance.read(), norm.epsilon ?? 1e-3));
    if (norm.gamma && norm.scale !== false) scale = tf.mul(scale, norm.gamma.read());
    let shift = tf.neg(tf.mul(norm.movingMean.read(), scale));
    if (norm.beta && norm.center !== false) shift = tf.add(shift, norm.beta.read());
    return tf.add(tf.mul(x, tf.reshape(scale, shape)), tf.reshape(shift, shape));
  },
};

/** What an unfused implementation gets besides the layer and its input. */
export interface UnfusedContext {
  /** Skip the layer's activation (a softmax at the model's output). */
  readonly linear: boolean;
  /** The call's keyword arguments. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** Transposed convolution filters kept between calls. */
  readonly filters: FlippedFilterCache;
}

/** A gradient-friendly implementation of one layer class; `undefined` when it does not cover the layer's setup. */
export type UnfusedLayer = (
  tf: TfCore,
  layer: KerasLayerLike,
  x: Tensor,
  context: UnfusedContext,
) => Tensor | undefined;

interface BatchNormFields {
  readonly axis?: number | readonly number[];
  readonly epsilon?: number;
  readonly center?: boolean;
  readonly scale?: boolean;
  readonly gamma?: LayerVariableLike | null;
  readonly beta?: LayerVariableLike | null;
  readonly movingMean?: LayerVariableLike;
  readonly movingVariance?: LayerVariableLike;
}

function activate(layer: KerasLayerLike, y: Tensor, linear: boolean): Tensor {
  return linear || !layer.activation ? y : layer.activation.apply(y);
}

function pair(value: number | readonly number[] | undefined): [number, number] {
  if (value === undefined) return [1, 1];
  if (typeof value === 'number') return [value, value];
  return [value[0] ?? 1, value[1] ?? value[0] ?? 1];
}
