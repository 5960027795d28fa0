import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { RgbaImage } from './rgba-image.js';
import type { ScalarMap } from './scalar-map.js';

/** Throws an {@link InvalidArgumentError} unless `value` is a positive integer. */
export function assertDimension(value: number, argument: string): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new InvalidArgumentError(argument, `${argument} must be a positive integer, got ${value}.`);
  }
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
export function assertScalarMap(map: ScalarMap, argument = 'map'): void {
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
