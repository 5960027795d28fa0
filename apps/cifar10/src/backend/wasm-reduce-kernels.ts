import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  type TensorInfo,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { freeWasm, runWasmKernel, type WasmBackendLike } from './wasm-kernel-utils.js';

function leadingAxesCount(axis: number | number[], rank: number): number {
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
  for (let i = 0; i < axes.length; i++) if (axes[i] !== i) return -1;
  return axes.length < rank ? axes.length : -1;
}

function avgPoolRows(backend: object, x: TensorInfo, groups: number, rows: number, C: number): TensorInfo {
  const view: TensorInfo = { dataId: x.dataId, shape: [groups, rows, 1, C], dtype: 'float32' };
  return runWasmKernel(
    backend,
    'AvgPool',
    { x: view },
    { filterSize: [rows, 1], strides: [1, 1], pad: 'valid', dimRoundingMode: undefined },
  );
}

/**
 * Builds a Sum (`mean = false`) or Mean (`mean = true`) kernel that reduces the leading axes of a
 * float32 tensor (e.g. the N, H, W axes of NHWC activations: per-channel sums in BatchNorm and bias
 * gradients) with XNNPACK average pooling: the tensor is viewed as [G, M/G, 1, C] and pooled twice
 * (within groups, then across them). The wasm backend's own kernels transpose the whole tensor
 * first, which is ~15x slower. Other cases use `fallback`.
 */
export function makeLeadingAxesReduce(fallback: KernelFunc, mean: boolean): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = (inputs as { x: TensorInfo }).x;
    const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const k = x.dtype === 'float32' ? leadingAxesCount(axis, x.shape.length) : -1;
    if (k <= 0) return fallback(args);
    const M = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
    const C = x.shape.slice(k).reduce((a, b) => a * b, 1);
    if (M === 0 || C === 0) return fallback(args);
    const groups = k >= 2 && x.shape[0]! > 1 ? x.shape[0]! : 1;
    let out = avgPoolRows(backend, x, groups, M / groups, C);
    if (groups > 1) {
      const inner = out;
      out = avgPoolRows(backend, inner, 1, groups, C);
      freeWasm(backend, inner);
    }
    if (!mean) {
      const values = (backend as WasmBackendLike).typedArrayFromHeap(out) as Float32Array;
      for (let i = 0; i < values.length; i++) values[i]! *= M;
    }
    out.shape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
    return out;
  };
}

let registered = false;

/** Replaces the wasm `Sum` and `Mean` kernels by {@link makeLeadingAxesReduce} versions. Idempotent. */
export function registerWasmReduceKernels(): void {
  if (registered) return;
  registered = true;
  for (const [name, mean] of [
    ['Sum', false],
    ['Mean', true],
  ] as const) {
    const original = getKernel(name, 'wasm');
    if (original == null) continue;
    unregisterKernel(name, 'wasm');
    const config: KernelConfig = {
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: makeLeadingAxesReduce(original.kernelFunc, mean),
    };
    if (original.setupFunc) config.setupFunc = original.setupFunc;
    registerKernel(config);
  }
}
