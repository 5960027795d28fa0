import { registerWasmTrainingKernels } from '@gradcam/tfjs';
import { setupTfjsNode } from '@gradcam/tfjs/node';
import * as tf from '@tensorflow/tfjs-core';
// The Node build of tfjs-core registers no gradients; tfjs-layers' does (for all ops). Import it before the
// training kernels are registered, so that their BatchNorm gradient replaces the stock one and not the reverse.
import '@tensorflow/tfjs-layers';

/** Backends the CLI can run on. `auto` = tfjs-node when importable, else wasm. */
export type BackendChoice = 'auto' | 'tfjs-node' | 'wasm' | 'cpu';

/**
 * Selects and initialises a TensorFlow.js backend through `@gradcam/tfjs/node`'s `setupTfjsNode`.
 *
 * `auto` tries `@tensorflow/tfjs-node` (native TensorFlow, fastest; an optional install) and otherwise uses `wasm`
 * (XNNPACK, SIMD) with `@gradcam/tfjs`'s {@link registerWasmTrainingKernels}, without which tfjs-backend-wasm
 * cannot train a convolution. Returns the name of the active backend.
 */
export async function setupBackend(choice: BackendChoice = 'auto'): Promise<string> {
  if (choice === 'auto' || choice === 'tfjs-node') {
    try {
      await setupTfjsNode({ backend: 'tensorflow', tf });
      return tf.getBackend();
    } catch (err) {
      if (choice === 'tfjs-node') throw new Error(`@tensorflow/tfjs-node is not usable: ${String(err)}`);
    }
  }
  if (choice === 'cpu') {
    await setupTfjsNode({ backend: 'cpu', tf });
    return tf.getBackend();
  }
  await setupTfjsNode({ backend: 'wasm', tf });
  registerWasmTrainingKernels(tf);
  return tf.getBackend();
}
