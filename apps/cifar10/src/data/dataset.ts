/** Image size of CIFAR-10. */
export const IMAGE_SIZE = 32;
/** Bytes per RGB image. */
export const IMAGE_BYTES = IMAGE_SIZE * IMAGE_SIZE * 3;

/** A decoded image split: `count` RGB images of 32x32, HWC uint8, and their class indices. */
export interface Split {
  /** count x 32 x 32 x 3 bytes, RGB, row-major */
  images: Uint8Array;
  /** class index per image */
  labels: Uint8Array;
  /** number of images */
  count: number;
  /** per image, its file relative to the split folder (`<class>/<name>.jpg`) */
  files: string[];
}

/** Training and test splits plus the class names (index order). */
export interface Dataset {
  classes: string[];
  train: Split;
  test: Split;
}
