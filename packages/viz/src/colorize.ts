import { assertValueRange, colormapIndex } from './colormap-index.js';
import type { ColormapName, ColormapTable } from './colormaps/colormap-names.js';
import { resolveColormap } from './colormaps/resolve-colormap.js';
import type { HeatMap } from './heat-map.js';
import type { RgbaImage } from './rgba-image.js';
import { assertHeatMap } from './validate.js';

/** Options of {@link colorize}. */
export interface ColorizeOptions {
  /**
   * A built-in colormap name, or a custom table of 256 RGB entries (768 bytes, `table[3 * i + c]`).
   * @default 'jet'
   */
  readonly colormap?: ColormapName | ColormapTable;
  /**
   * The value that maps to the first colormap entry; lower values are clamped to it.
   * @default 0
   */
  readonly min?: number;
  /**
   * The value that maps to the last colormap entry; higher values are clamped to it.
   * @default 1
   */
  readonly max?: number;
}

/**
 * Paints a scalar map with a colormap, one pixel per cell.
 *
 * Each value is scaled as `t = (value - min) / (max - min)`, clamped to `[0, 1]`, and looked up at entry
 * `floor(255 * t)` (computed in float32), exactly as pytorch-grad-cam's `cv2.applyColorMap(np.uint8(255 * mask))`
 * does for a mask in `[0, 1]`. Pixels are opaque, except NaN values, which become fully transparent black
 * `(0, 0, 0, 0)`. Infinities clamp like any out-of-range value.
 *
 * @param map - the values, e.g. a CAM in `[0, 1]` (`@gradcam/core`'s `HeatMap` fits as it is).
 * @param options - colormap and value range.
 * @returns a new RGBA image of the map's size.
 * @throws {@link InvalidArgumentError} for a malformed map, a bad range or a custom table of the wrong length.
 * @throws {@link UnknownColormapError} for an unknown colormap name.
 * @example
 * ```ts
 * const image = colorize(cam, { colormap: 'viridis' });
 * ```
 */
export function colorize(map: HeatMap, options: ColorizeOptions = {}): RgbaImage<ArrayBuffer> {
  assertHeatMap(map);
  const { colormap = 'jet', min = 0, max = 1 } = options;
  assertValueRange(min, max);
  const table = resolveColormap(colormap);
  const count = map.width * map.height;
  const data = new Uint8ClampedArray(count * 4);
  for (let i = 0; i < count; i++) {
    const index = colormapIndex(map.data[i]!, min, max);
    if (index < 0) continue;
    data[i * 4] = table[index * 3]!;
    data[i * 4 + 1] = table[index * 3 + 1]!;
    data[i * 4 + 2] = table[index * 3 + 2]!;
    data[i * 4 + 3] = 255;
  }
  return { data, width: map.width, height: map.height };
}
