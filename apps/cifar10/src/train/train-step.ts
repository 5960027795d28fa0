import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Loss settings for {@link trainStep}. */
export interface StepOptions {
  /** label smoothing of the softmax cross-entropy, e.g. 0.2 */
  labelSmoothing: number;
  /** L2 weight decay on conv/dense kernels (added to the loss as wd/2·Σw²) */
  weightDecay: number;
  /**
   * Gradient multiplier for the final dense layer (`logits/*`), default 1/64. Equivalent to the
   * "fast CIFAR" trick of scaling the logits by 0.125 (which makes the head learn 64x slower), without
   * a custom scaling layer in the saved model. Without it the head blows up in the first steps.
   */
  headGradScale?: number;
}

/** What one step reports. */
export interface StepResult {
  /** mean cross-entropy of the batch (without the weight-decay term) */
  loss: number;
  /** correctly classified images of the batch */
  correct: number;
}

/** The model's trainable variables, in a fixed order (the optimizer's state is indexed by it). */
export function trainableVariables(model: LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * One SGD step on a batch: forward in training mode (BatchNorm uses batch statistics and updates its
 * moving averages), softmax cross-entropy with label smoothing + L2, backward, optimizer update.
 */
export function trainStep(
  model: LayersModel,
  optimizer: tf.Optimizer,
  images: Float32Array,
  labels: Int32Array,
  opts: StepOptions,
): StepResult {
  const n = labels.length;
  const numClasses = model.outputs[0]!.shape[1] as number;
  const vars = trainableVariables(model);
  const kernels = vars.filter((v) => /kernel/.test(v.name));
  let ce: tf.Scalar | undefined;
  let correct: tf.Scalar | undefined;
  tf.tidy(() => {
    const x = tf.tensor4d(images.subarray(0, n * 32 * 32 * 3), [n, 32, 32, 3]);
    const yIdx = tf.tensor1d(labels, 'int32');
    const y = tf.oneHot(yIdx, numClasses);
    const { grads } = tf.variableGrads(() => {
      const logits = model.apply(x, { training: true }) as tf.Tensor2D;
      const loss = tf.losses.softmaxCrossEntropy(y, logits, undefined, opts.labelSmoothing) as tf.Scalar;
      ce = tf.keep(loss.clone()) as tf.Scalar;
      correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), yIdx), 'int32'))) as tf.Scalar;
      if (opts.weightDecay === 0 || kernels.length === 0) return loss;
      const l2 = tf.addN(kernels.map((k) => tf.sum(tf.square(k))));
      return tf.add(loss, tf.mul(l2, opts.weightDecay / 2)) as tf.Scalar;
    }, vars);
    const headScale = opts.headGradScale ?? 1 / 64;
    const ordered = vars.map((v) => {
      const g = grads[v.name]!;
      return {
        name: v.name,
        tensor: headScale !== 1 && v.name.startsWith('logits/') ? tf.mul(g, headScale) : g,
      };
    });
    optimizer.applyGradients(ordered);
  });
  const result = { loss: ce!.dataSync()[0]!, correct: correct!.dataSync()[0]! };
  tf.dispose([ce!, correct!]);
  return result;
}
