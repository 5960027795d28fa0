import type { Layout, SpatialTensor } from '@gradcam/core';
import type { RgbaImage } from '@gradcam/viz';
import { resizeImage } from '@gradcam/viz';
import { CliError } from './cli-error.js';

/** How an image becomes the model's input tensor. */
export interface PreprocessSpec {
  /** Input height and width; `undefined` takes the model's fixed input size (or 224). */
  readonly size?: readonly [number, number];
  /** Channel order: `rgb`, `bgr` or `gray` (luma, one channel). */
  readonly channels: 'rgb' | 'bgr' | 'gray';
  /** Pixel values (0..255) are multiplied by this first. */
  readonly scale: number;
  /** Then this is subtracted, per channel (one value applies to all). */
  readonly mean: readonly number[];
  /** Then divided by this, per channel. */
  readonly std: readonly number[];
  /** Layout of the tensor; `undefined` takes the model's. */
  readonly layout?: Layout;
}

/** The named presets of `--preprocess`. */
export const presets: Readonly<Record<string, PreprocessSpec>> = {
  imagenet: { channels: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  'imagenet-bgr-caffe': { channels: 'bgr', scale: 1, mean: [103.939, 116.779, 123.68], std: [1] },
  cifar10: { channels: 'rgb', scale: 1 / 255, mean: [0.5], std: [0.5], size: [32, 32] },
  mnist: { channels: 'gray', scale: 1, mean: [0], std: [1], size: [28, 28] },
  unit: { channels: 'rgb', scale: 1 / 255, mean: [0], std: [1] },
};

const numbers = (text: string, what: string): number[] => {
  const values = text.split('/').map(Number);
  if (values.length === 0 || values.some((value) => !Number.isFinite(value))) {
    throw new CliError(`--preprocess: ${what} must be numbers separated by '/', got "${text}".`);
  }
  return values;
};

/**
 * Parses `--preprocess`: a preset name, an explicit spec, or a preset followed by overrides, e.g.
 * `imagenet`, `size=224x224,channels=bgr,scale=1,mean=103.9/116.8/123.7,std=1`, `cifar10,size=64x64`.
 */
export function parsePreprocess(text: string): PreprocessSpec {
  let spec: PreprocessSpec = presets.unit!;
  for (const [index, part] of text.split(',').entries()) {
    const item = part.trim();
    if (item === '') continue;
    if (!item.includes('=')) {
      const preset = presets[item];
      if (!preset || index > 0) {
        throw new CliError(
          `--preprocess: unknown preset "${item}". Presets: ${Object.keys(presets).join(', ')}; or key=value pairs (size, channels, scale, mean, std, layout).`,
        );
      }
      spec = preset;
      continue;
    }
    const [key, value = ''] = item.split('=', 2) as [string, string];
    switch (key.trim()) {
      case 'size': {
        const match = /^(\d+)(?:x(\d+))?$/.exec(value.trim());
        if (!match) throw new CliError(`--preprocess: size must be HxW or N, got "${value}".`);
        const height = Number(match[1]);
        spec = { ...spec, size: [height, match[2] ? Number(match[2]) : height] };
        break;
      }
      case 'channels':
        if (value !== 'rgb' && value !== 'bgr' && value !== 'gray') {
          throw new CliError(`--preprocess: channels must be rgb, bgr or gray, got "${value}".`);
        }
        spec = { ...spec, channels: value };
        break;
      case 'scale': {
        const [scale] = numbers(
          value.replace(/^1\/(\d+(?:\.\d+)?)$/, (_, d) => String(1 / Number(d))),
          'scale',
        );
        spec = { ...spec, scale: scale! };
        break;
      }
      case 'mean':
        spec = { ...spec, mean: numbers(value, 'mean') };
        break;
      case 'std':
        spec = { ...spec, std: numbers(value, 'std') };
        if (spec.std.some((std) => std === 0)) throw new CliError('--preprocess: std must not be 0.');
        break;
      case 'layout':
        if (value !== 'nchw' && value !== 'nhwc')
          throw new CliError(`--preprocess: layout must be nchw or nhwc.`);
        spec = { ...spec, layout: value };
        break;
      default:
        throw new CliError(`--preprocess: unknown key "${key}" (size, channels, scale, mean, std, layout).`);
    }
  }
  return spec;
}

/**
 * Resizes an image to the spec's size (stretching, bilinear) and turns it into a one-sample input tensor.
 */
export function imageToTensor(
  image: RgbaImage,
  spec: PreprocessSpec,
  size: readonly [number, number],
  layout: Layout,
): SpatialTensor {
  const [height, width] = size;
  const resized =
    image.width === width && image.height === height ? image : resizeImage(image, { height, width });
  const channels = spec.channels === 'gray' ? 1 : 3;
  const area = height * width;
  const data = new Float32Array(area * channels);
  const per = (values: readonly number[], channel: number) => values[Math.min(channel, values.length - 1)]!;
  for (let pixel = 0; pixel < area; pixel++) {
    const r = resized.data[pixel * 4]!;
    const g = resized.data[pixel * 4 + 1]!;
    const b = resized.data[pixel * 4 + 2]!;
    const values =
      spec.channels === 'gray'
        ? [0.299 * r + 0.587 * g + 0.114 * b]
        : spec.channels === 'bgr'
          ? [b, g, r]
          : [r, g, b];
    for (let channel = 0; channel < channels; channel++) {
      const value = (values[channel]! * spec.scale - per(spec.mean, channel)) / per(spec.std, channel);
      data[layout === 'nchw' ? channel * area + pixel : pixel * channels + channel] = value;
    }
  }
  return {
    data,
    shape: layout === 'nchw' ? [1, channels, height, width] : [1, height, width, channels],
    layout,
  };
}
