import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { InputLayout } from './preprocess/preprocess-spec.js';
import type { RgbaImage } from './rgba-image.js';

/** An input-space attribution (a gradient image): one value per pixel and channel, any batch. */
export interface GradientTensor {
  /** Row-major values. */
  readonly data: Float32Array;
  /** `[N, C, H, W]` (`'nchw'`) or `[N, H, W, C]` (`'nhwc'`), with 1 or 3 channels. */
  readonly shape: readonly [number, number, number, number];
  /** The order of the axes. */
  readonly layout: InputLayout;
}

/** Options of {@link gradientImage}. */
export interface GradientImageOptions {
  /** Which sample of the batch. @default 0 */
  readonly sample?: number;
  /** The standard deviation of the values in the image, as a fraction of the full range. @default 0.1 */
  readonly contrast?: number;
}

/**
 * Shows a gradient image (Guided Backpropagation, Guided Grad-CAM, SmoothGrad, Integrated Gradients...) as an
 * RGB image the way pytorch-grad-cam's `deprocess_image` does: centre the sample's values on their mean, scale
 * them to a standard deviation of `contrast` (0.1) around mid-grey, clip to `[0, 1]` and take `floor(255 v)`.
 * Three channels give red, green and blue in the model's channel order; one channel gives grey. The mean and
 * standard deviation are over every value of the sample (all channels), with `1e-5` added to the deviation.
 *
 * @param tensor - the attribution.
 * @throws {@link InvalidArgumentError} for a tensor that is not 4-D with 1 or 3 channels, or a bad sample index.
 */
export function gradientImage(
  tensor: GradientTensor,
  options: GradientImageOptions = {},
): RgbaImage<ArrayBuffer> {
  const { sample = 0, contrast = 0.1 } = options;
  if (tensor.shape.length !== 4 || tensor.shape.some((size) => !Number.isInteger(size) || size <= 0)) {
    throw new InvalidArgumentError(
      'tensor.shape',
      `A gradient image needs a 4-D shape, got [${tensor.shape.join(', ')}].`,
    );
  }
  const [batch, a, b, c] = tensor.shape;
  const [channels, height, width] = tensor.layout === 'nchw' ? [a, b, c] : [c, a, b];
  if (channels !== 1 && channels !== 3) {
    throw new InvalidArgumentError(
      'tensor.shape',
      `A gradient image has 1 or 3 channels, got ${channels}: reduce the channels first (for example to a heat map).`,
    );
  }
  if (!Number.isInteger(sample) || sample < 0 || sample >= batch) {
    throw new InvalidArgumentError('sample', `Sample ${sample} is not in the batch of ${batch}.`);
  }
  const size = channels * height * width;
  if (tensor.data.length !== batch * size) {
    throw new InvalidArgumentError(
      'tensor.data',
      `${tensor.data.length} values do not fill the shape [${tensor.shape.join(', ')}].`,
    );
  }
  const values = tensor.data.subarray(sample * size, (sample + 1) * size);
  let mean = 0;
  for (const value of values) mean += value;
  mean /= size;
  let variance = 0;
  for (const value of values) variance += (value - mean) ** 2;
  const scale = contrast / (Math.sqrt(variance / size) + 1e-5);
  const area = height * width;
  const data = new Uint8ClampedArray(area * 4);
  for (let pixel = 0; pixel < area; pixel++) {
    for (let channel = 0; channel < 3; channel++) {
      const c = channels === 1 ? 0 : channel;
      const value = values[tensor.layout === 'nchw' ? c * area + pixel : pixel * channels + c]!;
      const shown = Math.min(1, Math.max(0, (value - mean) * scale + 0.5));
      data[pixel * 4 + channel] = Math.floor(shown * 255);
    }
    data[pixel * 4 + 3] = 255;
  }
  return { data, width, height };
}
