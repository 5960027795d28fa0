import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Tensor, TfCore } from '../tf-core.js';

/**
 * The filters of transposed convolutions, `rot180(filter)` with input and output channels swapped, kept between
 * calls: computing them costs more than the convolution itself on some backends (wasm's `Reverse`). An entry is
 * recomputed when the weight's data changes (`Variable.assign` gives it a new data id). Owned by one backend and
 * freed by {@link FlippedFilterCache.dispose}.
 */
export class FlippedFilterCache {
  private readonly entries = new Map<Tensor, { readonly dataId: object; readonly flipped: Tensor }>();

  constructor(private readonly tf: TfCore) {}

  /** `filter` `[kh, kw, in, out]` flipped spatially and transposed to `[kh, kw, out, in]`. */
  get(filter: Tensor): Tensor4D {
    const entry = this.entries.get(filter);
    if (entry && entry.dataId === filter.dataId && !entry.flipped.isDisposed)
      return entry.flipped as Tensor4D;
    entry?.flipped.dispose();
    const tf = this.tf;
    const flipped = tf.keep(
      tf.tidy(() => {
        const [kh, kw] = filter.shape;
        const spatial = kh === 1 && kw === 1 ? filter : tf.reverse(filter, [0, 1]);
        return tf.transpose(spatial, [0, 1, 3, 2]);
      }),
    );
    this.entries.set(filter, { dataId: filter.dataId, flipped });
    return flipped as Tensor4D;
  }

  /** Frees every cached filter. */
  dispose(): void {
    for (const { flipped } of this.entries.values()) flipped.dispose();
    this.entries.clear();
  }
}
