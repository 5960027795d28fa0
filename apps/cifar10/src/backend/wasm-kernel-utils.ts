import { getKernel, type KernelBackend, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of the wasm backend's API used by our kernels. */
export interface WasmBackendLike extends KernelBackend {
  disposeData(dataId: object, force?: boolean): boolean;
  makeOutput(shape: number[], dtype: 'float32' | 'int32' | 'bool'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Runs another kernel of the wasm backend directly (no engine bookkeeping, no gradient tape). */
export function runWasmKernel(
  backend: object,
  name: string,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown>,
): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel == null) throw new Error(`wasm kernel ${name} is not registered`);
  return kernel.kernelFunc({
    inputs,
    backend: backend as KernelBackend,
    attrs: attrs as NamedAttrMap,
  }) as TensorInfo;
}

/** Frees intermediate tensors created by {@link runWasmKernel}. */
export function freeWasm(backend: object, ...infos: TensorInfo[]): void {
  for (const info of infos) (backend as WasmBackendLike).disposeData(info.dataId, true);
}
