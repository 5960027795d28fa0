/**
 * An 8-bit RGBA image laid out like the DOM's `ImageData`: `data` holds `width * height * 4` bytes, row by row,
 * each pixel as red, green, blue, alpha. A browser `ImageData` is one.
 *
 * @typeParam TBuffer - the buffer under `data`. The functions of this package return images over a plain
 * `ArrayBuffer` (`RgbaImage<ArrayBuffer>`), which `new ImageData(image.data, image.width, image.height)` takes.
 */
export interface RgbaImage<TBuffer extends ArrayBufferLike = ArrayBufferLike> {
  /** Row-major pixels, 4 bytes each (R, G, B, A); `data.length === width * height * 4`. */
  readonly data: Uint8ClampedArray<TBuffer>;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}
