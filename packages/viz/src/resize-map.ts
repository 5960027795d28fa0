import { resizeBilinear } from '@gradcam/core';
import type { HeatMap } from './heat-map.js';
import type { ImageSize } from './image-size.js';
import { resample } from './resample.js';
import { assertResizeMethod, type ResizeMethod } from './resize-method.js';
import { assertHeatMap, assertImageSize } from './validate.js';

/** Options of {@link resizeMap}. */
export interface ResizeMapOptions {
  /**
   * How to sample: see {@link ResizeMethod}.
   * @default 'bilinear'
   */
  readonly method?: ResizeMethod;
}

/**
 * Resizes a scalar map (e.g. a CAM) with half-pixel centres and edge clamping. With the default `'bilinear'`
 * this is `@gradcam/core`'s `resizeBilinear`, OpenCV's `cv2.resize(map, (width, height))` (which takes the width
 * first), the step pytorch-grad-cam uses to bring a CAM to the input size (equal to it within float32 rounding).
 *
 * @param map - the map to resize (not modified).
 * @param size - the output `{ height, width }`, positive integers.
 * @param options - the sampling method.
 * @returns a new map; a copy when the size is unchanged.
 * @throws {@link InvalidArgumentError} for a malformed map, a bad size or an unknown method.
 */
export function resizeMap(map: HeatMap, size: ImageSize, options: ResizeMapOptions = {}): HeatMap {
  assertHeatMap(map);
  assertImageSize(size);
  const { height, width } = size;
  const { method = 'bilinear' } = options;
  assertResizeMethod(method);
  if (width === map.width && height === map.height) {
    return { data: map.data.slice(), width, height };
  }
  if (method === 'bilinear') return resizeBilinear(map, height, width);
  const data = Float32Array.from(resample(map.data, map.width, map.height, 1, width, height, method));
  return { data, width, height };
}
