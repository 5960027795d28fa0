import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  registerKernel,
  type TensorInfo,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { freeWasm, runWasmKernel } from './wasm-kernel-utils.js';

function isTwo(v: number | [number, number]): boolean {
  return typeof v === 'number' ? v === 2 : v[0] === 2 && v[1] === 2;
}

/**
 * Builds a `MaxPoolGrad` kernel for the common 2x2 / stride 2 pooling of even-sized inputs, as
 * dx = upsample(dy) · [x == upsample(maxpool(x))] with nearest-neighbour upsampling: ~3x faster than
 * the wasm backend's kernel. Unlike TensorFlow, a window with tied maxima passes the gradient to
 * every tied position (after a ReLU the only likely tie is an all-zero window, whose gradient the
 * ReLU then zeroes anyway). Other pooling shapes use `fallback`.
 */
export function makeMaxPoolGrad2x2(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, input, output } = inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
    const [, H, W] = input.shape as [number, number, number, number];
    const ok =
      isTwo(filterSize) &&
      isTwo(strides) &&
      (pad === 'valid' || pad === 'same' || pad === 0) &&
      dimRoundingMode == null &&
      H % 2 === 0 &&
      W % 2 === 0 &&
      input.dtype === 'float32' &&
      output != null;
    if (!ok) return fallback(args);
    const resize = { alignCorners: false, halfPixelCenters: false, size: [H, W] };
    const up = runWasmKernel(backend, 'ResizeNearestNeighbor', { images: output }, resize);
    const mask = runWasmKernel(backend, 'Equal', { a: input, b: up }, {});
    const maskF = runWasmKernel(backend, 'Cast', { x: mask }, { dtype: 'float32' });
    const dyUp = runWasmKernel(backend, 'ResizeNearestNeighbor', { images: dy }, resize);
    const dx = runWasmKernel(backend, 'Multiply', { a: dyUp, b: maskF }, {});
    freeWasm(backend, up, mask, maskF, dyUp);
    return dx;
  };
}

let registered = false;

/** Replaces the wasm `MaxPoolGrad` kernel by {@link makeMaxPoolGrad2x2}. Idempotent. */
export function registerWasmMaxPoolGrad(): void {
  if (registered) return;
  registered = true;
  const original = getKernel('MaxPoolGrad', 'wasm');
  if (original == null) return;
  unregisterKernel('MaxPoolGrad', 'wasm');
  const config: KernelConfig = {
    kernelName: 'MaxPoolGrad',
    backendName: 'wasm',
    kernelFunc: makeMaxPoolGrad2x2(original.kernelFunc),
  };
  if (original.setupFunc) config.setupFunc = original.setupFunc;
  registerKernel(config);
}
