import type { SeededRandom } from '@gradcam/core';
import { IMAGE_BYTES, IMAGE_SIZE, type Split } from './dataset.js';

/** Augmentation settings for {@link makeBatch}. */
export interface Augment {
  /** zero padding (pixels) before the random 32x32 crop; 0 = no crop */
  pad: number;
  /** random horizontal flip with probability 1/2 */
  flip: boolean;
}

/**
 * Fills `out` (batch x 32 x 32 x 3 floats in [0, 1]) with the images `indices` of `split`, with an
 * optional random crop from a zero-padded image and random horizontal flip drawn from `rng`.
 * Returns the labels of the batch.
 */
export function makeBatch(
  split: Split,
  indices: ArrayLike<number>,
  out: Float32Array,
  augment?: Augment,
  rng?: SeededRandom,
): Int32Array {
  const n = indices.length;
  const labels = new Int32Array(n);
  const S = IMAGE_SIZE;
  const src = split.images;
  const scale = 1 / 255;
  for (let b = 0; b < n; b++) {
    const idx = indices[b]!;
    labels[b] = split.labels[idx]!;
    const base = idx * IMAGE_BYTES;
    const o = b * IMAGE_BYTES;
    if (augment == null || rng == null || (augment.pad === 0 && !augment.flip)) {
      for (let k = 0; k < IMAGE_BYTES; k++) out[o + k] = src[base + k]! * scale;
      continue;
    }
    const p = augment.pad;
    const dy = p > 0 ? rng.int(2 * p + 1) - p : 0;
    const dx = p > 0 ? rng.int(2 * p + 1) - p : 0;
    const flip = augment.flip && rng.next() < 0.5;
    for (let y = 0; y < S; y++) {
      const sy = y + dy;
      const rowOut = o + y * S * 3;
      if (sy < 0 || sy >= S) {
        out.fill(0, rowOut, rowOut + S * 3);
        continue;
      }
      const rowIn = base + sy * S * 3;
      for (let x = 0; x < S; x++) {
        const sx = (flip ? S - 1 - x : x) + dx;
        const q = rowOut + x * 3;
        if (sx < 0 || sx >= S) {
          out[q] = 0;
          out[q + 1] = 0;
          out[q + 2] = 0;
        } else {
          const r = rowIn + sx * 3;
          out[q] = src[r]! * scale;
          out[q + 1] = src[r + 1]! * scale;
          out[q + 2] = src[r + 2]! * scale;
        }
      }
    }
  }
  return labels;
}
