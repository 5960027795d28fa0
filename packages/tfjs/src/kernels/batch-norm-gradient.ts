import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';

/**
 * The gradient of `FusedBatchNorm` (`y = (x - mean) * rsqrt(variance + epsilon) * scale + offset`) without the
 * `tile` of tfjs-core's own: tiling the scale to the full activation shape took about a quarter of a training step
 * on wasm. Mathematically the same; per-channel sums go through `tf.sum` over the leading axes. Falls back to
 * `fallback` (the stock gradient) when `mean` is not a per-channel vector.
 *
 * @param tf - the TensorFlow.js namespace.
 * @param fallback - the gradient it replaces, if any.
 */
export function batchNormGradient(tf: TfCore, fallback: GradConfig | undefined): GradConfig {
  return {
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved as (Tensor | undefined)[];
      const gradient = dy as Tensor;
      if (mean == null || variance == null || x == null || mean.rank !== 1) {
        if (fallback == null) throw new Error('FusedBatchNorm gradient: mean must be a per-channel vector.');
        return fallback.gradFunc(dy, saved, attrs);
      }
      const epsilon = (attrs as unknown as { varianceEpsilon: number }).varianceEpsilon;
      const axes = Array.from({ length: x.rank - 1 }, (_, axis) => axis);
      const invStd = tf.rsqrt(tf.add(variance, epsilon));
      const scaleValue = scale ?? tf.onesLike(mean);
      const centred = tf.sub(x, mean);
      const sumDy = () => tf.sum(gradient, axes);
      const sumDyCentred = () => tf.sum(tf.mul(gradient, centred), axes);
      return {
        x: () => tf.mul(gradient, tf.mul(scaleValue, invStd)),
        mean: () => tf.neg(tf.mul(tf.mul(scaleValue, invStd), sumDy())),
        variance: () => tf.mul(tf.mul(tf.mul(tf.pow(invStd, 3), scaleValue), -0.5), sumDyCentred()),
        scale: () => tf.mul(invStd, sumDyCentred()),
        offset: () => sumDy(),
      };
    },
  };
}
