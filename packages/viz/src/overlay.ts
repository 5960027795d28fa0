import { assertValueRange, colormapIndex } from './colormap-index.js';
import type { ColormapName, ColormapTable } from './colormaps/colormap-names.js';
import { resolveColormap } from './colormaps/resolve-colormap.js';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { HeatMap } from './heat-map.js';
import { resizeMap } from './resize-map.js';
import type { RgbaImage } from './rgba-image.js';
import { assertHeatMap, assertRgbaImage } from './validate.js';

const f = Math.fround;

/** Options of {@link overlay}. */
export interface OverlayOptions {
  /**
   * A built-in colormap name, or a custom table of 256 RGB entries (768 bytes).
   * @default 'jet'
   */
  readonly colormap?: ColormapName | ColormapTable;
  /**
   * The heat map's weight in the blend, in `[0, 1]`; the image gets `1 - alpha`. In pytorch-grad-cam's terms,
   * `alpha = 1 - image_weight`.
   * @default 0.5
   */
  readonly alpha?: number;
  /**
   * `true`: pytorch-grad-cam's `show_cam_on_image` exactly: blend in float32, then divide by the largest channel
   * value of the blend so that the brightest channel becomes 255 (this brightens the result). `false`: a plain
   * alpha blend, `round(alpha * heat + (1 - alpha) * image)` per channel.
   * @default true
   */
  readonly normalize?: boolean;
  /**
   * The heat value that maps to the first colormap entry.
   * @default 0
   */
  readonly min?: number;
  /**
   * The heat value that maps to the last colormap entry.
   * @default 1
   */
  readonly max?: number;
}

/**
 * Paints a heat map over an image.
 *
 * By default this is pytorch-grad-cam's `show_cam_on_image(img / 255, mask, use_rgb=True, image_weight=1 - alpha)`
 * byte for byte: the heat map is coloured as `cv2.applyColorMap(np.uint8(255 * mask))` (see {@link colorize}),
 * then per channel, in float32,
 *
 * ```text
 * cam = alpha * heat / 255 + (1 - alpha) * image / 255
 * cam = cam / max(cam)            // the largest R, G or B value over the whole image
 * out = floor(255 * cam)
 * ```
 *
 * With `normalize: false` it is a plain blend, `round(alpha * heat + (1 - alpha) * image)`.
 *
 * A heat map of another size than the image is first resized to it with {@link resizeMap} (bilinear, half-pixel
 * centres, as pytorch-grad-cam does with `cv2.resize`). The image's alpha channel is kept as it is. NaN heat
 * values add no colour: their heat term is 0. If every blended value is 0 (a black image under a black colormap
 * entry), the normalised result is black.
 *
 * @param image - the photo (not modified).
 * @param heat - the heat map, values in `[min, max]` (by default `[0, 1]`), e.g. a CAM from `@gradcam/core`.
 * @param options - colormap, blend weight, normalisation and value range.
 * @returns a new RGBA image of the image's size.
 * @throws {@link InvalidArgumentError} for a malformed image or map, `alpha` outside `[0, 1]` or a bad range.
 * @throws {@link UnknownColormapError} for an unknown colormap name.
 * @example
 * ```ts
 * const picture = overlay(photo, cam); // what pytorch-grad-cam's show_cam_on_image shows
 * const subtle = overlay(photo, cam, { alpha: 0.3, normalize: false, colormap: 'turbo' });
 * ```
 */
export function overlay(
  image: RgbaImage,
  heat: HeatMap,
  options: OverlayOptions = {},
): RgbaImage<ArrayBuffer> {
  assertRgbaImage(image);
  assertHeatMap(heat, 'heat');
  const { colormap = 'jet', alpha = 0.5, normalize = true, min = 0, max = 1 } = options;
  if (!(alpha >= 0 && alpha <= 1)) {
    throw new InvalidArgumentError('alpha', `alpha must be in [0, 1], got ${alpha}.`);
  }
  assertValueRange(min, max);
  const table = resolveColormap(colormap);
  const { width, height } = image;
  const map = heat.width === width && heat.height === height ? heat : resizeMap(heat, { height, width });
  const pixels = width * height;
  const source = image.data;
  const data = new Uint8ClampedArray(pixels * 4);

  if (!normalize) {
    for (let i = 0; i < pixels; i++) {
      const index = colormapIndex(map.data[i]!, min, max);
      for (let c = 0; c < 3; c++) {
        const pixel = source[i * 4 + c]!;
        data[i * 4 + c] = index < 0 ? pixel : alpha * table[index * 3 + c]! + (1 - alpha) * pixel;
      }
      data[i * 4 + 3] = source[i * 4 + 3]!;
    }
    return { data, width, height };
  }

  // numpy float32 arithmetic: python-float weights are cast to float32, every operation rounds to float32.
  const heatWeight = f(alpha);
  const imageWeight = f(1 - alpha);
  const cam = new Float32Array(pixels * 3);
  let largest = 0;
  for (let i = 0; i < pixels; i++) {
    const index = colormapIndex(map.data[i]!, min, max);
    for (let c = 0; c < 3; c++) {
      const heatTerm = index < 0 ? 0 : f(heatWeight * f(table[index * 3 + c]! / 255));
      const value = f(heatTerm + f(imageWeight * f(source[i * 4 + c]! / 255)));
      cam[i * 3 + c] = value;
      if (value > largest) largest = value;
    }
  }
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) {
      data[i * 4 + c] = largest > 0 ? Math.trunc(f(255 * f(cam[i * 3 + c]! / largest))) : 0;
    }
    data[i * 4 + 3] = source[i * 4 + 3]!;
  }
  return { data, width, height };
}
