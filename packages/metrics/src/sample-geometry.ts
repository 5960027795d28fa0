import { type Layout, spatialDimensions } from '@gradcam/core';

/**
 * Where the values of one sample of a 4-D batch live, independent of the layout: the value of channel `c` at
 * pixel `p = y * width + x` is at `p * pixelStride + c * channelStride` from the start of the sample.
 */
export interface SampleGeometry {
  /** The layout of the batch the sample belongs to. */
  readonly layout: Layout;
  /** Number of channels. */
  readonly channels: number;
  /** Height in pixels. */
  readonly height: number;
  /** Width in pixels. */
  readonly width: number;
  /** `height * width`. */
  readonly pixels: number;
  /** Values per sample: `channels * height * width`. */
  readonly size: number;
  /** Distance between two consecutive pixels of one channel: `1` in `'nchw'`, `channels` in `'nhwc'`. */
  readonly pixelStride: number;
  /** Distance between two channels of one pixel: `height * width` in `'nchw'`, `1` in `'nhwc'`. */
  readonly channelStride: number;
}

/**
 * The geometry of one sample of a batch of the given shape and layout.
 *
 * @param shape - the batch's 4-D shape.
 * @param layout - the batch's layout.
 */
export function sampleGeometry(shape: readonly number[], layout: Layout): SampleGeometry {
  const { channels, height, width } = spatialDimensions(shape, layout);
  const pixels = height * width;
  return {
    layout,
    channels,
    height,
    width,
    pixels,
    size: pixels * channels,
    pixelStride: layout === 'nchw' ? 1 : channels,
    channelStride: layout === 'nchw' ? pixels : 1,
  };
}

/**
 * The 4-D shape of a batch of `batch` samples of this geometry, in its layout.
 *
 * @param geometry - the geometry of one sample.
 * @param batch - the number of samples.
 */
export function batchShape(
  geometry: SampleGeometry,
  batch: number,
): readonly [number, number, number, number] {
  const { channels, height, width } = geometry;
  return geometry.layout === 'nchw' ? [batch, channels, height, width] : [batch, height, width, channels];
}
