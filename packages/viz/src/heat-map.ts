/**
 * A 2-D map of floats (a CAM), row by row: `data` holds `height * width` values. The same type as
 * `@gradcam/core`'s `HeatMap` (declared here too so that `@gradcam/viz` needs no dependency on core): a map from
 * `explain()` is passed in as it is.
 */
export interface HeatMap {
  /** Row-major values; `data.length === height * width`. */
  readonly data: Float32Array;
  /** Number of rows. */
  readonly height: number;
  /** Number of columns. */
  readonly width: number;
}

/**
 * The former name of {@link HeatMap}.
 *
 * @deprecated Use `HeatMap`, the same type as `@gradcam/core`'s.
 */
export type ScalarMap = HeatMap;
