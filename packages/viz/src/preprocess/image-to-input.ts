import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { resizeImage } from '../resize-image.js';
import type { RgbaImage } from '../rgba-image.js';
import { assertRgbaImage } from '../validate.js';
import { modelInputChannels, modelInputSize } from './model-input-size.js';
import type { InputLayout, ModelInputShape, PreprocessSpec } from './preprocess-spec.js';

/** A one-sample input tensor; structurally `@gradcam/core`'s `SpatialTensor`, so `explain` takes it as it is. */
export interface ImageTensor {
  /** Row-major values. */
  readonly data: Float32Array;
  /** `[1, channels, height, width]` (`'nchw'`) or `[1, height, width, channels]` (`'nhwc'`). */
  readonly shape: readonly [number, number, number, number];
  /** The order of the axes. */
  readonly layout: InputLayout;
}

/**
 * Turns an 8-bit RGBA image into a model's one-sample input: resized (stretched, bilinear) to the spec's size or
 * the model's, channels picked, then `(pixel * scale - mean) / std` per channel, in the model's layout.
 *
 * @param image - the image (a browser `ImageData` is one); alpha is dropped.
 * @param input - what the model takes: pass `backend.input`.
 * @param spec - the preprocessing; one of {@link preprocessPresets} or your own.
 * @throws {@link InvalidArgumentError} for a malformed image or spec, or a model whose channel count does not
 * match the spec's channels.
 * @example
 * ```ts
 * const input = imageToInput(photo, backend.input, preprocessPresets.imagenet);
 * const { samples } = await explain({ backend, input });
 * ```
 */
export function imageToInput(image: RgbaImage, input: ModelInputShape, spec: PreprocessSpec): ImageTensor {
  assertRgbaImage(image);
  assertSpec(spec);
  const { height, width } = spec.size ?? modelInputSize(input);
  const layout = spec.layout ?? input.layout;
  const channels = spec.channels === 'gray' ? 1 : 3;
  const modelChannels = modelInputChannels(input);
  if (modelChannels !== undefined && modelChannels !== channels) {
    throw new InvalidArgumentError(
      'spec.channels',
      `The model takes ${modelChannels} channel(s) but the preprocessing gives ${channels} ('${spec.channels}'): use channels 'gray' for one channel, 'rgb' or 'bgr' for three.`,
    );
  }
  const resized =
    image.width === width && image.height === height ? image : resizeImage(image, { height, width });
  const area = height * width;
  const data = new Float32Array(area * channels);
  const offsets = spec.channels === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  const mean = (channel: number) => spec.mean[Math.min(channel, spec.mean.length - 1)]!;
  const std = (channel: number) => spec.std[Math.min(channel, spec.std.length - 1)]!;
  for (let pixel = 0; pixel < area; pixel++) {
    const base = pixel * 4;
    for (let channel = 0; channel < channels; channel++) {
      const raw =
        spec.channels === 'gray'
          ? 0.299 * resized.data[base]! + 0.587 * resized.data[base + 1]! + 0.114 * resized.data[base + 2]!
          : resized.data[base + offsets[channel]!]!;
      const index = layout === 'nchw' ? channel * area + pixel : pixel * channels + channel;
      data[index] = (raw * spec.scale - mean(channel)) / std(channel);
    }
  }
  return {
    data,
    shape: layout === 'nchw' ? [1, channels, height, width] : [1, height, width, channels],
    layout,
  };
}

function assertSpec(spec: PreprocessSpec): void {
  if (spec.channels !== 'rgb' && spec.channels !== 'bgr' && spec.channels !== 'gray') {
    throw new InvalidArgumentError(
      'spec.channels',
      `channels must be 'rgb', 'bgr' or 'gray', got '${String(spec.channels)}'.`,
    );
  }
  if (!Number.isFinite(spec.scale))
    throw new InvalidArgumentError('spec.scale', 'scale must be a finite number.');
  for (const key of ['mean', 'std'] as const) {
    const values = spec[key];
    if (
      values.length === 0 ||
      values.some((value) => !Number.isFinite(value) || (key === 'std' && value === 0))
    ) {
      throw new InvalidArgumentError(
        `spec.${key}`,
        `${key} must be one or more finite numbers${key === 'std' ? ', none of them 0' : ''}, got [${values.join(', ')}].`,
      );
    }
  }
  if (spec.size && ![spec.size.height, spec.size.width].every((side) => Number.isInteger(side) && side > 0)) {
    throw new InvalidArgumentError(
      'spec.size',
      `size must be positive integers, got ${spec.size.height}x${spec.size.width}.`,
    );
  }
}
