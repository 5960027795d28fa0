import { SeededRandom } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { IMAGE_BYTES } from './dataset.js';
import { makeBatch } from './make-batch.js';

/** One image whose pixel (y, x) has R = y, G = x, B = 200. */
function gradientSplit() {
  const images = new Uint8Array(IMAGE_BYTES);
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) images.set([y, x, 200], (y * 32 + x) * 3);
  }
  return { images, labels: Uint8Array.of(7), count: 1, files: ['0.jpg'] };
}

const px = (out: Float32Array, y: number, x: number) =>
  Array.from(out.subarray((y * 32 + x) * 3, (y * 32 + x) * 3 + 3)).map((v) => Math.round(v * 255));

describe('makeBatch', () => {
  it('scales to [0, 1] without augmentation and returns labels', () => {
    const out = new Float32Array(IMAGE_BYTES);
    const labels = makeBatch(gradientSplit(), [0], out);
    expect(Array.from(labels)).toEqual([7]);
    expect(px(out, 3, 5)).toEqual([3, 5, 200]);
  });

  it('crops from a zero-padded image and flips horizontally', () => {
    const split = gradientSplit();
    const out = new Float32Array(IMAGE_BYTES);
    const rng = new SeededRandom(123);
    let sawFlip = false;
    let sawShift = false;
    for (let trial = 0; trial < 20; trial++) {
      makeBatch(split, [0], out, { pad: 4, flip: true }, rng);
      // Find the offset from a pixel known to be inside the image (centre).
      const [r, g, b] = px(out, 16, 16);
      expect(b).toBe(200);
      const dy = r! - 16;
      expect(Math.abs(dy)).toBeLessThanOrEqual(4);
      // Moving one pixel right changes G by +1 (no flip) or -1 (flip).
      const step = px(out, 16, 17)[1]! - g!;
      expect(Math.abs(step)).toBe(1);
      if (step === -1) sawFlip = true;
      if (dy !== 0) sawShift = true;
      // Rows shifted out of the image are zero padding.
      if (dy > 0) expect(px(out, 31, 16)).toEqual([0, 0, 0]);
    }
    expect(sawFlip).toBe(true);
    expect(sawShift).toBe(true);
  });
});
