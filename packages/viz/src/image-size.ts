/** A height and a width, in that order everywhere in gradcam. */
export interface ImageSize {
  /** Rows. */
  readonly height: number;
  /** Columns. */
  readonly width: number;
}
