import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

interface ReferenceCountingBackend {
  incRef(dataId: object): void;
}

/**
 * An `Identity` kernel that returns a second reference to its input's data instead of a copy, as tfjs's cpu and
 * webgl backends do (and wasm's own `Reshape`). tfjs calls `Identity` for every tensor it saves for the backward
 * pass (`engine.clone`); wasm's kernel copies each one, which was about a sixth of an early-layer gradient of a
 * small GraphModel. For backends with `incRef` (wasm's does).
 */
export const sharedIdentity: KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: TensorInfo };
  (backend as unknown as ReferenceCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};
