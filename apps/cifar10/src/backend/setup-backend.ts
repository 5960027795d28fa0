import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
// The Node build of tfjs-core registers no gradients; tfjs-layers' does (for all ops). Import it first so
// that our BatchNorm gradient below overrides the stock one rather than being overridden by it.
import '@tensorflow/tfjs-layers';
import { registerBatchNormGrad } from './batch-norm-grad.js';
import { registerWasmConvGradKernels } from './wasm-conv-kernels.js';
import { registerWasmMaxPoolGrad } from './wasm-max-pool-grad.js';
import { registerWasmReduceKernels } from './wasm-reduce-kernels.js';

/** Backends the CLI can run on. `auto` = tfjs-node when importable, else wasm. */
export type BackendChoice = 'auto' | 'tfjs-node' | 'wasm' | 'cpu';

/**
 * Selects and initialises a TensorFlow.js backend.
 *
 * `auto` tries `@tensorflow/tfjs-node` (native TensorFlow, fastest; imported dynamically because it is
 * an optional install) and otherwise uses `wasm` (XNNPACK, SIMD) with the extra/faster kernels from
 * {@link registerWasmConvGradKernels}, {@link registerWasmReduceKernels}, {@link registerWasmMaxPoolGrad} and the tile-free BatchNorm
 * gradient {@link registerBatchNormGrad}. Returns the name of the active backend.
 */
export async function setupBackend(choice: BackendChoice = 'auto'): Promise<string> {
  if (choice === 'auto' || choice === 'tfjs-node') {
    try {
      const specifier = '@tensorflow/tfjs-node';
      await import(specifier);
      if (await tf.setBackend('tensorflow')) return tf.getBackend();
    } catch (err) {
      if (choice === 'tfjs-node') throw new Error(`@tensorflow/tfjs-node is not usable: ${String(err)}`);
    }
  }
  if (choice === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    return tf.getBackend();
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + sep);
  registerWasmConvGradKernels();
  registerWasmReduceKernels();
  registerWasmMaxPoolGrad();
  registerBatchNormGrad();
  if (!(await tf.setBackend('wasm'))) throw new Error('could not initialise the wasm backend');
  return tf.getBackend();
}
