import { InvalidArgumentError } from './errors/invalid-argument-error.js';

/**
 * Checks a `min`/`max` value range: both finite, `max > min`. Internal.
 *
 * @throws {@link InvalidArgumentError} otherwise.
 */
export function assertValueRange(min: number, max: number): void {
  if (!(Number.isFinite(min) && Number.isFinite(max) && max > min)) {
    throw new InvalidArgumentError(
      'max',
      `min and max must be finite with max > min, got min=${min}, max=${max}.`,
    );
  }
}

/**
 * The colormap entry for a value, as pytorch-grad-cam picks it: `t = (value - min) / (max - min)` clamped to
 * `[0, 1]`, then `np.uint8(255 * t)` with the product in float32 and truncation toward zero. So entry 255 is only
 * reached by `t === 1`. Internal.
 *
 * @returns the entry in `[0, 255]`, or -1 for NaN.
 */
export function colormapIndex(value: number, min: number, max: number): number {
  if (Number.isNaN(value)) return -1;
  const t = (value - min) / (max - min);
  if (t <= 0) return 0;
  if (t >= 1) return 255;
  return Math.trunc(Math.fround(255 * t));
}
