import type { KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';

/** The parts of a tfjs backend (cpu, wasm, ...) that kernels composed in JavaScript use. */
export interface DataBackend {
  /** A copy of a tensor's values. */
  readSync(dataId: object): unknown;
  /** Stores values as a new tensor and returns its data id. */
  write(values: Float32Array, shape: number[], dtype: 'float32'): object;
  /** Frees a tensor's memory. */
  disposeData(dataId: object, force?: boolean): unknown;
}

/** Runs another kernel of a backend directly (no engine bookkeeping, no gradient tape). */
export type KernelRunner = (
  backend: unknown,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown>,
) => TensorInfo;

/**
 * A {@link KernelRunner} for the kernels registered for `backendName` when it is called.
 *
 * @param tf - the TensorFlow.js namespace.
 * @param backendName - the backend whose kernels to run.
 */
export function kernelRunner(tf: TfCore, backendName: string): KernelRunner {
  return (backend, kernelName, inputs, attrs) => {
    const kernel = tf.getKernel(kernelName, backendName);
    if (!kernel) throw new Error(`The tfjs "${backendName}" backend has no ${kernelName} kernel.`);
    return kernel.kernelFunc({
      inputs,
      backend: backend as KernelBackend,
      attrs: attrs as NamedAttrMap,
    }) as TensorInfo;
  };
}

/** Frees intermediate tensors a kernel created with a {@link KernelRunner} or `write`. */
export function disposeIntermediates(backend: unknown, infos: readonly TensorInfo[]): void {
  for (const info of infos) (backend as DataBackend).disposeData(info.dataId, true);
}

/** Writes `values` as a new float32 tensor of the backend. */
export function writeTensor(backend: unknown, values: Float32Array, shape: readonly number[]): TensorInfo {
  const dims = [...shape];
  return { dataId: (backend as DataBackend).write(values, dims, 'float32'), shape: dims, dtype: 'float32' };
}

/** A float32 tensor's values (a copy on backends that keep data elsewhere). */
export function readFloat32(backend: unknown, info: TensorInfo): Float32Array {
  return (backend as DataBackend).readSync(info.dataId) as Float32Array;
}

/** A stride or dilation attribute as `[height, width]`. */
export function pair(value: number | readonly number[]): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0]!, value[1] ?? value[0]!];
}
