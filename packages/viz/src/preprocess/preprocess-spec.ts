import type { ImageSize } from '../image-size.js';

/** The layout of a model input: channels first (`'nchw'`, ONNX, PyTorch) or last (`'nhwc'`, TensorFlow.js). */
export type InputLayout = 'nchw' | 'nhwc';

/**
 * What a model takes, as a backend describes it (`backend.input` of `@gradcam/core`'s Backend satisfies this):
 * a 4-D shape in `layout`, `null` for an axis of any size.
 */
export interface ModelInputShape {
  /** `[batch, channels, height, width]` for `'nchw'`, `[batch, height, width, channels]` for `'nhwc'`. */
  readonly shape: readonly (number | null)[];
  /** The order of the axes. */
  readonly layout: InputLayout;
}

/**
 * How an 8-bit image becomes a model's input tensor: resize (stretching, bilinear) to `size`, pick the channels,
 * then `(pixel * scale - mean) / std` per channel.
 */
export interface PreprocessSpec {
  /** Input height and width; absent: the model's fixed input size (224x224 for axes of any size). */
  readonly size?: ImageSize;
  /** Channel order: `'rgb'`, `'bgr'` or `'gray'` (luma `0.299 R + 0.587 G + 0.114 B`, one channel). */
  readonly channels: 'rgb' | 'bgr' | 'gray';
  /** Pixel values (0..255) are multiplied by this first. */
  readonly scale: number;
  /** Then this is subtracted, per channel (one value applies to all channels). */
  readonly mean: readonly number[];
  /** Then divided by this, per channel (one value applies to all channels). */
  readonly std: readonly number[];
  /** Layout of the tensor; absent: the model's. */
  readonly layout?: InputLayout;
}

/** Names of the {@link preprocessPresets}. */
export type PreprocessPresetName = 'imagenet' | 'imagenet-bgr-caffe' | 'cifar10' | 'mnist' | 'unit';

/**
 * The usual preprocessings:
 *
 * - `imagenet`: RGB, `x / 255`, ImageNet mean `[0.485, 0.456, 0.406]` and std `[0.229, 0.224, 0.225]`
 *   (torchvision, most ONNX exports of ImageNet classifiers).
 * - `imagenet-bgr-caffe`: BGR, `x - [103.939, 116.779, 123.68]` (Caffe models, Keras' `caffe` mode).
 * - `cifar10`: RGB, 32x32, `(x / 255 - 0.5) / 0.5`.
 * - `mnist`: gray, 28x28, raw 0..255.
 * - `unit`: RGB, `x / 255` (TensorFlow.js models such as darknet-tiny and the CIFAR-10 model of this project).
 */
export const preprocessPresets: Readonly<Record<PreprocessPresetName, PreprocessSpec>> = {
  imagenet: { channels: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  'imagenet-bgr-caffe': { channels: 'bgr', scale: 1, mean: [103.939, 116.779, 123.68], std: [1] },
  cifar10: { channels: 'rgb', scale: 1 / 255, mean: [0.5], std: [0.5], size: { height: 32, width: 32 } },
  mnist: { channels: 'gray', scale: 1, mean: [0], std: [1], size: { height: 28, width: 28 } },
  unit: { channels: 'rgb', scale: 1 / 255, mean: [0], std: [1] },
};

/** True when `name` is one of the {@link preprocessPresets}. */
export function isPreprocessPresetName(name: string): name is PreprocessPresetName {
  return Object.hasOwn(preprocessPresets, name);
}
