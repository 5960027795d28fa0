import type { TensorInfo } from '@tensorflow/tfjs-core';
import { disposeIntermediates } from './backend-kernels.js';

/**
 * The transposed-convolution filters (`rot180(filter)`, input and output channels swapped) that
 * `conv2dBackpropInputAsConv` computes, kept between gradient calls by filter data id. Only for filters that are
 * constants (a model's weights): a data id's values then never change. Keeping them saves the `Reverse` and
 * `Transpose` of every filter on every call and, on wasm, XNNPACK's repacking of the weights (its convolution
 * operators are cached by filter): about 7% of an early-layer gradient of a small GraphModel. Owned by one
 * adapter backend and freed by {@link TransposedFilterCache.dispose}.
 */
export class TransposedFilterCache {
  readonly #entries = new Map<object, { readonly info: TensorInfo; readonly backend: unknown }>();

  /**
   * The transposed filter of `filter`, made by `make` the first time.
   *
   * @param filter - the convolution's filter.
   * @param backend - the tfjs backend that holds it.
   * @param make - computes the transposed filter (a tensor of `backend` that the cache then owns).
   */
  get(filter: TensorInfo, backend: unknown, make: () => TensorInfo): TensorInfo {
    const entry = this.#entries.get(filter.dataId);
    if (entry && entry.backend === backend) return entry.info;
    if (entry) disposeIntermediates(entry.backend, [entry.info]);
    const info = make();
    this.#entries.set(filter.dataId, { info, backend });
    return info;
  }

  /** Number of filters kept. */
  get size(): number {
    return this.#entries.size;
  }

  /** Frees every kept filter. */
  dispose(): void {
    for (const { info, backend } of this.#entries.values()) disposeIntermediates(backend, [info]);
    this.#entries.clear();
  }
}
