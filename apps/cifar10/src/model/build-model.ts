import * as tf from '@tensorflow/tfjs-layers';

/** Architecture settings for {@link buildModel}. */
export interface ModelConfig {
  /** channels of the prep layer; later stages use 2x, 4x, 8x */
  width: number;
  /** number of classes */
  classes: number;
  /** use the residual blocks after stages 1 and 3 (ResNet-9 style) */
  residual?: boolean;
  /** seed of the weight initialisation (default 1) */
  seed?: number;
}

type Sym = tf.SymbolicTensor;

/** Seeds for the weight initialisers, so that a given config always starts from the same weights. */
let nextSeed = 1;

function convBn(x: Sym, filters: number, name: string): Sym {
  const c = tf.layers
    .conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      useBias: false,
      kernelInitializer: tf.initializers.heNormal({ seed: nextSeed++ }),
      name: `${name}_conv`,
    })
    .apply(x) as Sym;
  const b = tf.layers
    .batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: `${name}_bn` })
    .apply(c) as Sym;
  return tf.layers.reLU({ name: `${name}_relu` }).apply(b) as Sym;
}

function pool(x: Sym, name: string): Sym {
  return tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name }).apply(x) as Sym;
}

function residual(x: Sym, filters: number, name: string): Sym {
  const a = convBn(x, filters, `${name}a`);
  const b = convBn(a, filters, `${name}b`);
  return tf.layers.add({ name: `${name}_add` }).apply([x, b]) as Sym;
}

/**
 * A ResNet-9-style CIFAR network ("fast CIFAR"): prep conv(w) → conv(2w)+pool+residual(2w) →
 * conv(4w)+pool → conv(8w)+pool+residual(8w) → global max pool → dense logits. Only standard layers
 * (Conv2D, BatchNormalization, ReLU, MaxPooling2D, Add, GlobalMaxPooling2D, Dense), so Grad-CAM
 * adapters can explain it. Input: [N, 32, 32, 3] RGB scaled to [0, 1]; output: logits.
 */
export function buildModel(config: ModelConfig): tf.LayersModel {
  const w = config.width;
  nextSeed = (config.seed ?? 1) * 1000;
  const res = config.residual ?? true;
  const input = tf.input({ shape: [32, 32, 3], name: 'image' });
  let x = convBn(input, w, 'prep');
  x = pool(convBn(x, 2 * w, 'layer1'), 'layer1_pool');
  if (res) x = residual(x, 2 * w, 'res1');
  x = pool(convBn(x, 4 * w, 'layer2'), 'layer2_pool');
  x = pool(convBn(x, 8 * w, 'layer3'), 'layer3_pool');
  if (res) x = residual(x, 8 * w, 'res3');
  x = tf.layers.globalMaxPooling2d({ name: 'pool' }).apply(x) as Sym;
  const logits = tf.layers
    .dense({
      units: config.classes,
      name: 'logits',
      kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: nextSeed++ }),
    })
    .apply(x) as Sym;
  return tf.model({ inputs: input, outputs: logits, name: `resnet9_w${w}` });
}
