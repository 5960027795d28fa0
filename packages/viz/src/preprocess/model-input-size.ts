import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { ImageSize } from '../image-size.js';
import type { ModelInputShape } from './preprocess-spec.js';

/** The size used for an image axis the model leaves free. */
export const defaultInputSide = 224;

/**
 * The height and width a model takes: its fixed sizes, {@link defaultInputSide} for axes of any size.
 *
 * @throws {@link InvalidArgumentError} when the shape is not 4-D.
 */
export function modelInputSize(input: ModelInputShape): ImageSize {
  if (input.shape.length !== 4) {
    throw new InvalidArgumentError(
      'input.shape',
      `An image model takes a 4-D input, this one takes [${input.shape.map((size) => size ?? '?').join(', ')}].`,
    );
  }
  const [, a, b, c] = input.shape;
  const [height, width] = input.layout === 'nchw' ? [b, c] : [a, b];
  return { height: height ?? defaultInputSide, width: width ?? defaultInputSide };
}

/** The number of channels a model takes, or `undefined` when its channel axis is free. */
export function modelInputChannels(input: ModelInputShape): number | undefined {
  return (input.layout === 'nchw' ? input.shape[1] : input.shape[3]) ?? undefined;
}
