import { CapabilityNotSupportedError } from '@gradcam/core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';
import { batchNormGradient } from './batch-norm-gradient.js';
import { conv2dBackpropFilterAsConv } from './conv2d-backprop-filter-as-conv.js';
import { conv2dBackpropInputAsConv } from './conv2d-backprop-input-as-conv.js';
import {
  depthwiseBackpropInputKernel,
  depthwiseBackpropInputKernelName,
} from './depthwise-conv2d-backprop-input.js';
import { leadingAxesReduce } from './leading-axes-reduce.js';
import { maxPoolGradKernel } from './max-pool-grad.js';
import { sharedIdentity } from './shared-identity.js';

/** Kernel functions and gradient configs this module installed, so that a second call changes nothing. */
const installed = new WeakSet<object>();

function replaceKernel(
  tf: TfCore,
  kernelName: string,
  make: (original: KernelConfig | undefined) => KernelFunc | undefined,
): boolean {
  const original = tf.getKernel(kernelName, 'wasm');
  if (original && installed.has(original.kernelFunc)) return false;
  const kernelFunc = make(original);
  if (!kernelFunc) return false;
  installed.add(kernelFunc);
  if (original) tf.unregisterKernel(kernelName, 'wasm');
  const config: KernelConfig = { kernelName, backendName: 'wasm', kernelFunc };
  if (original?.setupFunc) config.setupFunc = original.setupFunc;
  tf.registerKernel(config);
  return true;
}

/**
 * Makes the TensorFlow.js `wasm` backend able to train convolutional networks, and fast at it. tfjs-backend-wasm
 * 4.x has no `Conv2DBackpropFilter` (no convolution can be trained) nor `DepthwiseConv2dNativeBackpropInput`, runs
 * `Conv2DBackpropInput` about ten times slower than a forward convolution, routes the `MaxPoolGrad` of an
 * all-negative or all-zero window to the wrong input, and copies every tensor tfjs saves for the backward pass.
 * This registers, for `wasm`, kernels composed from its fast forward kernels (XNNPACK):
 *
 * - `Conv2DBackpropFilter`: one forward convolution of the transposed input with the transposed output gradient;
 * - `Conv2DBackpropInput`, any stride: a forward convolution of the zero-spread output gradient with the rotated
 *   filter;
 * - `DepthwiseConv2dNativeBackpropInput` (when missing): the same for depthwise convolutions;
 * - `MaxPoolGrad`: the gradient to each window's first maximum, as TensorFlow does;
 * - `Sum` and `Mean` over leading axes (per-channel sums): XNNPACK average pooling instead of a full transpose;
 * - `Identity`: a shared reference instead of a copy, as the cpu and webgl backends do;
 *
 * and, for every backend, a `FusedBatchNorm` gradient without tfjs-core's `tile` of the scale.
 *
 * Call it once after importing `@tensorflow/tfjs-backend-wasm` and TensorFlow.js's gradients (`@tensorflow/tfjs`,
 * or `@tensorflow/tfjs-layers`), before training. Calling it again changes nothing. Grad-CAM itself does not need
 * it: `createTfjsBackend` brings what it needs for the duration of each gradient call.
 *
 * @param tf - the TensorFlow.js namespace (`@tensorflow/tfjs` or `@tensorflow/tfjs-core`).
 * @returns the names of the kernels and gradients this call installed.
 * @throws `CapabilityNotSupportedError` when the wasm backend's kernels are not registered (its package not
 * imported).
 */
export function registerWasmTrainingKernels(tf: TfCore): string[] {
  if (!tf.getKernel('Conv2D', 'wasm')) {
    throw new CapabilityNotSupportedError(
      'training kernels',
      'tfjs-wasm',
      "Import '@tensorflow/tfjs-backend-wasm' (or call setupTfjsNode({ backend: 'wasm' }) from '@gradcam/tfjs/node') first.",
    );
  }
  const changed: string[] = [];
  const replace = (name: string, make: (original: KernelConfig | undefined) => KernelFunc | undefined) => {
    if (replaceKernel(tf, name, make)) changed.push(name);
  };
  replace('Conv2DBackpropFilter', (original) =>
    original ? undefined : conv2dBackpropFilterAsConv(tf, 'wasm'),
  );
  replace('Conv2DBackpropInput', (original) => conv2dBackpropInputAsConv(tf, 'wasm', original));
  replace(depthwiseBackpropInputKernelName, (original) =>
    original ? undefined : depthwiseBackpropInputKernel(tf, 'wasm').kernelFunc,
  );
  replace('MaxPoolGrad', () => maxPoolGradKernel(tf));
  replace('Sum', (original) => original && leadingAxesReduce(tf, original.kernelFunc, false));
  replace('Mean', (original) => original && leadingAxesReduce(tf, original.kernelFunc, true));
  replace('Identity', () => sharedIdentity);
  const stock = tf.getGradient('FusedBatchNorm');
  if (!stock || !installed.has(stock)) {
    const gradient = batchNormGradient(tf, stock);
    installed.add(gradient);
    tf.registerGradient(gradient);
    changed.push('FusedBatchNorm gradient');
  }
  return changed;
}
