/**
 * A 2-D map of floats, row by row: `data` holds `height * width` values. Structurally the same as
 * `@gradcam/core`'s `HeatMap`, so a CAM from core can be passed in as it is.
 */
export interface ScalarMap {
  /** Row-major values; `data.length === width * height`. */
  readonly data: Float32Array;
  /** Number of rows. */
  readonly height: number;
  /** Number of columns. */
  readonly width: number;
}
