import { CapabilityNotSupportedError } from '@gradcam/core';
import type { TfCore } from '../tf-core.js';

const probes = ['Sum', 'Conv2D', 'Relu'] as const;

const registered = (tf: TfCore) => probes.every((kernel) => tf.getGradient(kernel) !== undefined);

/**
 * Makes sure TensorFlow.js's gradient functions are registered. `@tensorflow/tfjs`, `@tensorflow/tfjs-node` and
 * `@tensorflow/tfjs-layers` register them when imported; `@tensorflow/tfjs-core` alone does not. When they are
 * missing this imports `@tensorflow/tfjs-layers` (if installed) for its side effect.
 *
 * @throws {@link CapabilityNotSupportedError} when they cannot be registered.
 */
export async function ensureGradientsRegistered(tf: TfCore): Promise<void> {
  if (registered(tf)) return;
  const layers = '@tensorflow/tfjs-layers';
  try {
    await import(/* @vite-ignore */ layers);
  } catch {
    // Not installed: reported below.
  }
  if (!registered(tf)) {
    throw new CapabilityNotSupportedError(
      'gradients',
      `tfjs-${tf.getBackend()}`,
      "TensorFlow.js's gradient functions are not registered. Import '@tensorflow/tfjs' (or " +
        "'@tensorflow/tfjs-layers') once in your app; with '@tensorflow/tfjs-core' alone, also import " +
        "'@tensorflow/tfjs-core/dist/register_all_gradients'.",
    );
  }
}
