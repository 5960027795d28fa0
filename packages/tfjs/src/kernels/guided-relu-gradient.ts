import type { GradConfig } from '@tensorflow/tfjs-core';
import type { Tensor, TfCore } from '../tf-core.js';

/**
 * The gradient of `Relu` in Guided Backpropagation (Springenberg et al. 2015): `dx = dy * (x > 0) * (dy > 0)`,
 * as pytorch-grad-cam's `GuidedBackpropReLU`.
 */
function guidedReluGradient(tf: TfCore): GradConfig {
  return {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]): Record<string, () => Tensor> => {
      const gradient = dy as Tensor;
      const [x] = saved as [Tensor];
      return {
        x: () => tf.mul(gradient, tf.mul(tf.step(x), tf.step(gradient))),
      };
    },
  };
}

/**
 * Runs the synchronous `body` with TensorFlow.js's gradient of `Relu` replaced by the guided one, then restores
 * the registered gradient exactly as it was, also when `body` throws. Every ReLU recorded on a gradient tape
 * during `body` (`tf.relu`, the `'relu'` activation of layers, fused convolutions and matrix products, which
 * tfjs runs unfused under a tape) backpropagates guided; `Relu6`, leaky ReLUs and other activations keep their
 * gradients, as pytorch-grad-cam's `GuidedBackpropReLUModel` replaces exactly the ReLUs.
 *
 * JavaScript is single-threaded and `body` is synchronous, so no other gradient computation sees the
 * replacement.
 *
 * @param tf - the TensorFlow.js namespace.
 * @param body - the gradient computation.
 */
export function withGuidedReluGradient<T>(tf: TfCore, body: () => T): T {
  const original = tf.getGradient('Relu');
  tf.registerGradient(guidedReluGradient(tf));
  try {
    return body();
  } finally {
    if (original) tf.registerGradient(original);
    else tf.unregisterGradient('Relu');
  }
}
