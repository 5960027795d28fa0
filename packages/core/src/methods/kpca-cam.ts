import { type KernelPcaOptions, kernelPcaProjection } from '../math/kernel-pca.js';
import { spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';

/** Options of {@link createKpcaCam}: the kernel and its parameters (scikit-learn's defaults). */
export type KpcaCamOptions = KernelPcaOptions;

/**
 * KPCA-CAM (Karmani et al., 2024), as pytorch-grad-cam computes it: the projection of each pixel's activation
 * vector on the first kernel principal component of the layer's pixels (sigmoid kernel by default; see
 * {@link kernelPcaProjection}). Like Eigen-CAM it needs no gradients and does not depend on the target class;
 * the kernel captures non-linear structure a plain principal component misses. Returns the projection as a
 * one-channel tensor. Its cost grows with the square of the layer's area (a 56 x 56 layer: a 3,136 x 3,136
 * kernel matrix).
 */
export function createKpcaCam(options: KpcaCamOptions = {}): CamMethod {
  return {
    name: 'kpcacam',
    requires: [],
    compute: ({ activations }) => {
      const { batch, height, width } = spatialDimensions(activations.shape, activations.layout);
      const maps = kernelPcaProjection(activations, options);
      const data = new Float32Array(batch * height * width);
      maps.forEach((map, n) => data.set(map.data, n * height * width));
      return {
        kind: 'weighted-activations',
        tensor: { data, shape: [batch, 1, height, width], layout: 'nchw' },
      };
    },
  };
}
