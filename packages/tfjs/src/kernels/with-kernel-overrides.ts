import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';

/**
 * Runs the synchronous `body` with some kernels of the active tfjs backend replaced (or added), then restores the
 * kernel registry exactly as it was, also when `body` throws.
 *
 * JavaScript is single-threaded and `body` is synchronous, so no other code (the user's own tfjs work included)
 * can run while the replacements are in place.
 *
 * @param tf - the TensorFlow.js namespace.
 * @param overrides - kernel functions by kernel name, for the active backend.
 * @param body - the computation.
 */
export function withKernelOverrides<T>(
  tf: TfCore,
  overrides: Readonly<Record<string, KernelFunc>>,
  body: () => T,
): T {
  const names = Object.keys(overrides);
  if (names.length === 0) return body();
  const backendName = tf.getBackend();
  const originals = new Map<string, KernelConfig | undefined>();
  try {
    for (const kernelName of names) {
      const original = tf.getKernel(kernelName, backendName);
      originals.set(kernelName, original);
      if (original) tf.unregisterKernel(kernelName, backendName);
      tf.registerKernel({ kernelName, backendName, kernelFunc: overrides[kernelName]! });
    }
    return body();
  } finally {
    for (const [kernelName, original] of originals) {
      if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
      if (original) tf.registerKernel(original);
    }
  }
}
