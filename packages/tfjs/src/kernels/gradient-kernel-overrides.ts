import type { KernelFunc } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';
import { conv2dBackpropInputAsConv } from './conv2d-backprop-input-as-conv.js';
import { maxPoolGradKernel } from './max-pool-grad.js';
import { sharedIdentity } from './shared-identity.js';
import type { TransposedFilterCache } from './transposed-filter-cache.js';
import { filterGradientKernels, zeroFilterGradient } from './zero-filter-gradient.js';

/** Options of {@link gradientKernelOverrides}. */
export interface GradientKernelOptions {
  /** Every convolution filter on the differentiated path is a constant: skip computing filter gradients. */
  readonly filtersAreConstant: boolean;
  /** Where the wasm input-gradient kernel keeps transposed filters; used only when `filtersAreConstant`. */
  readonly filterCache?: TransposedFilterCache;
}

/**
 * The kernels to replace, on the active backend, while the adapter computes input gradients (see
 * `withKernelOverrides`): filter-gradient kernels by a zero stand-in when filters are constants; on wasm, its
 * faulty `MaxPoolGrad` by a correct, faster one, its slow `Conv2DBackpropInput` by a forward convolution (any
 * stride), and its copying `Identity` by a sharing one.
 *
 * @param tf - the TensorFlow.js namespace.
 * @param options - see {@link GradientKernelOptions}.
 */
export function gradientKernelOverrides(
  tf: TfCore,
  options: GradientKernelOptions,
): Record<string, KernelFunc> {
  const overrides: Record<string, KernelFunc> = {};
  if (options.filtersAreConstant) {
    for (const kernelName of filterGradientKernels) overrides[kernelName] = zeroFilterGradient;
  }
  const backendName = tf.getBackend();
  if (backendName === 'wasm') {
    overrides.MaxPoolGrad = maxPoolGradKernel(tf);
    if (typeof (tf.backend() as { incRef?: unknown }).incRef === 'function')
      overrides.Identity = sharedIdentity;
    const original = tf.getKernel('Conv2DBackpropInput', backendName);
    const cache = options.filtersAreConstant ? options.filterCache : undefined;
    const fast = conv2dBackpropInputAsConv(tf, backendName, original, cache);
    if (fast) overrides.Conv2DBackpropInput = fast;
  }
  return overrides;
}
