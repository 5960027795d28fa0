import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';
import { disposeIntermediates, kernelRunner } from './backend-kernels.js';

interface HeapBackend {
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** How many leading axes `axis` names (`0..k-1`, all but the last), or `-1` when it is not such a prefix. */
export function leadingAxesCount(axis: number | readonly number[] | null | undefined, rank: number): number {
  if (axis == null) return -1;
  const axes = (typeof axis === 'number' ? [axis] : [...axis])
    .map((a) => (a < 0 ? a + rank : a))
    .sort((a, b) => a - b);
  for (let i = 0; i < axes.length; i++) if (axes[i] !== i) return -1;
  return axes.length < rank ? axes.length : -1;
}

/**
 * A wasm `Sum` (`mean = false`) or `Mean` (`mean = true`) kernel that reduces the leading axes of a float32 tensor
 * (the N, H, W axes of NHWC activations: the per-channel sums of BatchNorm and of bias gradients) with XNNPACK
 * average pooling: the tensor is viewed as `[G, M / G, 1, C]` and pooled twice (within groups, then across them).
 * The wasm backend's own kernels transpose the whole tensor first, about 15 times slower. Other reductions use
 * `fallback`. It scales the sum in the wasm heap, so it is for the `wasm` backend only.
 *
 * @param tf - the TensorFlow.js namespace.
 * @param fallback - the backend's own kernel.
 * @param mean - `true` for `Mean`, `false` for `Sum`.
 */
export function leadingAxesReduce(tf: TfCore, fallback: KernelFunc, mean: boolean): KernelFunc {
  const run = kernelRunner(tf, 'wasm');
  const averageRows = (backend: unknown, x: TensorInfo, groups: number, rows: number, channels: number) =>
    run(
      backend,
      'AvgPool',
      { x: { dataId: x.dataId, shape: [groups, rows, 1, channels], dtype: 'float32' } },
      { filterSize: [rows, 1], strides: [1, 1], pad: 'valid', dimRoundingMode: undefined },
    );
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs as { x: TensorInfo };
    const { axis, keepDims } = attrs as unknown as { axis: number | number[] | null; keepDims: boolean };
    const k = x.dtype === 'float32' ? leadingAxesCount(axis, x.shape.length) : -1;
    if (k <= 0) return fallback(args);
    const reduced = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
    const channels = x.shape.slice(k).reduce((a, b) => a * b, 1);
    if (reduced === 0 || channels === 0) return fallback(args);
    const groups = k >= 2 && x.shape[0]! > 1 ? x.shape[0]! : 1;
    let out = averageRows(backend, x, groups, reduced / groups, channels);
    if (groups > 1) {
      const inner = out;
      out = averageRows(backend, inner, 1, groups, channels);
      disposeIntermediates(backend, [inner]);
    }
    if (!mean) {
      const values = (backend as HeapBackend).typedArrayFromHeap(out) as Float32Array;
      for (let i = 0; i < values.length; i++) values[i]! *= reduced;
    }
    out.shape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
    return out;
  };
}
