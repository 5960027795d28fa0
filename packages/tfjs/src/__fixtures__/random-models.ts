import { seededRandom } from '@gradcam/core/testing';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from './tfjs-backends.js';

type Symbolic = tfl.SymbolicTensor;

/**
 * Gives every weight of `model` deterministic pseudo-random values (variances positive, scaled so activations
 * stay in a reasonable range).
 */
export function randomizeWeights(model: tfl.LayersModel, seed: number): void {
  const random = seededRandom(seed);
  for (const layer of model.layers) {
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    // setWeights copies into the layer's variables: the temporary tensors are freed by the tidy.
    tf.tidy(() =>
      layer.setWeights(
        weights.map((weight, index) => {
        const name = layer.weights[index]?.name ?? '';
        const fanIn = weight.shape.slice(0, -1).reduce((product, size) => product * size, 1) || 1;
        const values = Float32Array.from({ length: weight.size }, () => {
          if (name.includes('moving_variance')) return 0.5 + Math.abs(random());
          if (name.includes('gamma')) return 1 + 0.3 * random();
          if (name.includes('bias') || name.includes('beta') || name.includes('moving_mean')) return 0.1 * random();
          return (1.5 * random()) / Math.sqrt(fanIn);
        });
          return tf.tensor(values, weight.shape);
        }),
      ),
    );
  }
}

/**
 * A small functional model with every structure the adapter must handle: a residual add, a concatenation, a
 * nested Sequential model, batch normalisation, max pooling, depthwise and separable convolutions, dense layers
 * and a final softmax. Input `[N, 12, 12, 3]`, 5 classes. Smooth activations (tanh, elu, softplus) keep finite
 * differences meaningful.
 */
export function branchedModel(seed = 7): tfl.LayersModel {
  const input = tfl.input({ shape: [12, 12, 3], name: 'image' });
  const stem = tfl.layers
    .conv2d({ name: 'stem', filters: 6, kernelSize: 3, padding: 'same', activation: 'tanh' })
    .apply(input) as Symbolic;
  const norm = tfl.layers.batchNormalization({ name: 'stem_bn' }).apply(stem) as Symbolic;
  const branch = tfl.layers
    .conv2d({ name: 'branch', filters: 6, kernelSize: 3, padding: 'same', activation: 'elu' })
    .apply(norm) as Symbolic;
  const residual = tfl.layers.add({ name: 'residual' }).apply([norm, branch]) as Symbolic;
  const pooled = tfl.layers.maxPooling2d({ name: 'pool', poolSize: 2 }).apply(residual) as Symbolic;
  const inner = tfl.sequential({
    name: 'block',
    layers: [
      tfl.layers.depthwiseConv2d({
        name: 'dw',
        inputShape: [6, 6, 6],
        kernelSize: 3,
        padding: 'same',
        depthMultiplier: 2,
        activation: 'softplus',
      }),
      tfl.layers.conv2d({ name: 'pw', filters: 8, kernelSize: 1, activation: 'tanh' }),
    ],
  });
  const nested = inner.apply(pooled) as Symbolic;
  const separable = tfl.layers
    .separableConv2d({ name: 'sep', filters: 4, kernelSize: 3, padding: 'same', activation: 'elu' })
    .apply(pooled) as Symbolic;
  const merged = tfl.layers.concatenate({ name: 'merge' }).apply([nested, separable]) as Symbolic;
  const last = tfl.layers
    .conv2d({ name: 'last', filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' })
    .apply(merged) as Symbolic;
  const gap = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(last) as Symbolic;
  const hidden = tfl.layers.dense({ name: 'hidden', units: 10, activation: 'elu' }).apply(gap) as Symbolic;
  const output = tfl.layers.dense({ name: 'probs', units: 5, activation: 'softmax' }).apply(hidden) as Symbolic;
  const model = tfl.model({ inputs: input, outputs: output, name: 'branched' });
  randomizeWeights(model, seed);
  return model;
}

/** A plain Sequential CNN ending in an `Activation('softmax')` layer. Input `[N, 10, 10, 2]`, 4 classes. */
export function sequentialModel(seed = 3): tfl.Sequential {
  const model = tfl.sequential({
    name: 'plain',
    layers: [
      tfl.layers.conv2d({ name: 'c1', inputShape: [10, 10, 2], filters: 4, kernelSize: 3, activation: 'relu' }),
      tfl.layers.conv2d({ name: 'c2', filters: 5, kernelSize: 3, padding: 'same', activation: 'tanh' }),
      tfl.layers.flatten({ name: 'flat' }),
      tfl.layers.dense({ name: 'logits', units: 4 }),
      tfl.layers.activation({ name: 'softmax', activation: 'softmax' }),
    ],
  });
  randomizeWeights(model, seed);
  return model;
}

/** A deterministic input batch for a model taking `[N, height, width, channels]`. */
export function randomInput(
  shape: [number, number, number, number],
  seed = 1,
): { data: Float32Array; shape: [number, number, number, number]; layout: 'nhwc' } {
  const random = seededRandom(seed);
  const size = shape.reduce((product, dim) => product * dim, 1);
  return { data: Float32Array.from({ length: size }, () => random()), shape, layout: 'nhwc' };
}
