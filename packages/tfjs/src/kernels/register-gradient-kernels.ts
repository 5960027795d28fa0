import type { TfCore } from '../tf-core.js';
import {
  depthwiseBackpropInputKernel,
  depthwiseBackpropInputKernelName,
} from './depthwise-conv2d-backprop-input.js';

/**
 * Registers, for the active TensorFlow.js backend, the input-gradient kernels Grad-CAM needs that the backend
 * lacks. Today that is `DepthwiseConv2dNativeBackpropInput`, missing from `wasm` (needed to differentiate through
 * depthwise and separable convolutions). A kernel the backend already has is never replaced.
 *
 * Called by every gradient call (the active backend may change); cheap when nothing is missing.
 *
 * @param tf - the TensorFlow.js namespace.
 * @returns the names of the kernels registered by this call.
 */
export function registerMissingGradientKernels(tf: TfCore): string[] {
  const backendName = tf.getBackend();
  if (!backendName) return [];
  const registered: string[] = [];
  if (!tf.getKernel(depthwiseBackpropInputKernelName, backendName)) {
    tf.registerKernel(depthwiseBackpropInputKernel(tf, backendName));
    registered.push(depthwiseBackpropInputKernelName);
  }
  return registered;
}
