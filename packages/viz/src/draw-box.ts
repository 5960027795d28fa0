import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { RgbaImage } from './rgba-image.js';
import { assertRgbaImage } from './validate.js';

/** Options of {@link drawBox}. */
export interface DrawBoxOptions {
  /** The outline's colour, `[r, g, b]` 0..255. @default [255, 255, 255] */
  readonly color?: readonly [number, number, number];
  /** The outline's thickness in pixels, drawn inside the box. @default 2 */
  readonly lineWidth?: number;
}

/**
 * Draws a box's outline on an image, e.g. the box of the detection a map explains.
 *
 * @param image - the image (not modified).
 * @param box - `[x0, y0, x1, y1]` normalised to 0..1 of the image's width and height (as `@gradcam/core`'s
 * detections give them); clamped to the image.
 * @param options - colour and thickness.
 * @returns a new image: a copy with the outline painted opaque.
 * @throws {@link InvalidArgumentError} for a malformed image, a box of non-finite numbers or a line width that
 * is not a positive integer.
 * @example
 * ```ts
 * const shown = drawBox(overlay(photo, map), detection.box, { color: [0, 255, 0] });
 * ```
 */
export function drawBox(
  image: RgbaImage,
  box: readonly [number, number, number, number],
  options: DrawBoxOptions = {},
): RgbaImage<ArrayBuffer> {
  assertRgbaImage(image);
  const { color = [255, 255, 255], lineWidth = 2 } = options;
  if (!box.every(Number.isFinite)) {
    throw new InvalidArgumentError(
      'box',
      `box must be four finite numbers [x0, y0, x1, y1], got [${box.join(', ')}].`,
    );
  }
  if (!(Number.isInteger(lineWidth) && lineWidth > 0)) {
    throw new InvalidArgumentError('lineWidth', `lineWidth must be a positive integer, got ${lineWidth}.`);
  }
  const { width, height } = image;
  const data = Uint8ClampedArray.from(image.data);
  const column = (value: number) => Math.min(width - 1, Math.max(0, Math.round(value * width)));
  const row = (value: number) => Math.min(height - 1, Math.max(0, Math.round(value * height)));
  const [left, right] = [column(Math.min(box[0], box[2])), column(Math.max(box[0], box[2]))];
  const [top, bottom] = [row(Math.min(box[1], box[3])), row(Math.max(box[1], box[3]))];
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      const edge =
        x - left < lineWidth || right - x < lineWidth || y - top < lineWidth || bottom - y < lineWidth;
      if (!edge) continue;
      const at = (y * width + x) * 4;
      data[at] = color[0];
      data[at + 1] = color[1];
      data[at + 2] = color[2];
      data[at + 3] = 255;
    }
  }
  return { data, width, height };
}
