import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { HeatMap } from './heat-map.js';
import type { ImageSize } from './image-size.js';
import type { RgbaImage } from './rgba-image.js';

/** Throws an {@link InvalidArgumentError} unless `value` is a positive integer. */
export function assertDimension(value: number, argument: string): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new InvalidArgumentError(argument, `${argument} must be a positive integer, got ${value}.`);
  }
}

/**
 * Throws an {@link InvalidArgumentError} unless `size` is a `{ height, width }` of positive integers (a number
 * there is the width-first call of earlier versions: the message says so).
 */
export function assertImageSize(size: ImageSize, argument = 'size'): void {
  if (typeof size !== 'object' || size === null) {
    throw new InvalidArgumentError(
      argument,
      `${argument} must be an object { height, width }, got ${typeof size === 'number' ? `the number ${size} (sizes were (width, height) arguments before)` : String(size)}.`,
    );
  }
  assertDimension(size.height, `${argument}.height`);
  assertDimension(size.width, `${argument}.width`);
}

/** Throws an {@link InvalidArgumentError} unless `image` has positive integer sizes and 4 bytes a pixel. */
export function assertRgbaImage(image: RgbaImage, argument = 'image'): void {
  assertDimension(image.width, `${argument}.width`);
  assertDimension(image.height, `${argument}.height`);
  const expected = image.width * image.height * 4;
  if (image.data?.length !== expected) {
    throw new InvalidArgumentError(
      `${argument}.data`,
      `${argument}.data must hold width * height * 4 = ${expected} bytes for a ${image.width}x${image.height} ` +
        `RGBA image, got ${image.data?.length}.`,
    );
  }
}

/** Throws an {@link InvalidArgumentError} unless `map` has positive integer sizes and one value a cell. */
export function assertHeatMap(map: HeatMap, argument = 'map'): void {
  assertDimension(map.width, `${argument}.width`);
  assertDimension(map.height, `${argument}.height`);
  const expected = map.width * map.height;
  if (map.data?.length !== expected) {
    throw new InvalidArgumentError(
      `${argument}.data`,
      `${argument}.data must hold width * height = ${expected} values for a ${map.width}x${map.height} map, ` +
        `got ${map.data?.length}.`,
    );
  }
}
