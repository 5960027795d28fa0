import type { SpatialTensor } from '@gradcam/core';
import type { RgbaImage } from '@gradcam/viz';

/**
 * darknet-tiny's preprocessing: an RGBA image (already at the model's 224×224 size) as a `[1, H, W, 3]` NHWC
 * tensor of `x / 255` (RGB, alpha dropped).
 *
 * @param image - an `ImageData`-like image at the model's input size.
 */
export function toModelInput(image: RgbaImage): SpatialTensor {
  const { width, height, data: rgba } = image;
  const data = new Float32Array(width * height * 3);
  for (let pixel = 0; pixel < width * height; pixel++) {
    for (let channel = 0; channel < 3; channel++)
      data[pixel * 3 + channel] = rgba[pixel * 4 + channel]! / 255;
  }
  return { data, shape: [1, height, width, 3], layout: 'nhwc' };
}
