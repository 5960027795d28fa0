import type { HeatMap } from '@gradcam/core';

/**
 * A 2-D map of floats (a CAM), row by row: `data` holds `height * width` values: `@gradcam/core`'s `HeatMap`, so a
 * map from `explain()` is passed in as it is.
 */
export type { HeatMap };

/**
 * The former name of {@link HeatMap}.
 *
 * @deprecated Use `HeatMap`, the same type as `@gradcam/core`'s.
 */
export type ScalarMap = HeatMap;
