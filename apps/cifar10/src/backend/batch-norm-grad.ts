import * as tf from '@tensorflow/tfjs-core';

/**
 * Gradient of the `FusedBatchNorm` kernel (y = (x − mean)·rsqrt(var + ε)·scale + offset) without the
 * `tile` of tfjs-core's version (tiling the scale to the full activation shape dominated a training
 * step on wasm). Mathematically identical; channel sums go through `tf.sum` over the leading axes.
 * Falls back to the stock gradient when mean is not a per-channel vector.
 */
export function makeBatchNormGrad(fallback: tf.GradConfig | undefined): tf.GradConfig {
  return {
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved as tf.Tensor[];
      const dyT = dy as tf.Tensor;
      if (mean == null || variance == null || x == null || mean.rank !== 1) {
        if (fallback == null) throw new Error('FusedBatchNorm gradient: unsupported shapes');
        return fallback.gradFunc(dy, saved, attrs);
      }
      const eps = (attrs as unknown as { varianceEpsilon: number }).varianceEpsilon;
      const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
      const invStd = tf.rsqrt(tf.add(variance, eps));
      const scaleValue = scale ?? tf.onesLike(mean);
      const xc = tf.sub(x, mean);
      const sumDy = () => tf.sum(dyT, axes);
      const sumDyXc = () => tf.sum(tf.mul(dyT, xc), axes);
      return {
        x: () => tf.mul(dyT, tf.mul(scaleValue, invStd)),
        mean: () => tf.neg(tf.mul(tf.mul(scaleValue, invStd), sumDy())),
        variance: () => tf.mul(tf.mul(tf.mul(tf.pow(invStd, 3), scaleValue), -0.5), sumDyXc()),
        scale: () => tf.mul(invStd, sumDyXc()),
        offset: () => sumDy(),
      };
    },
  };
}

let registered = false;

/** Registers {@link makeBatchNormGrad} for `FusedBatchNorm` (all backends). Idempotent. */
export function registerBatchNormGrad(): void {
  if (registered) return;
  registered = true;
  const original = tf.getGradient('FusedBatchNorm');
  tf.registerGradient(makeBatchNormGrad(original));
}
