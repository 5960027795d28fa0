import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { guessPreprocessPreset } from './guess-preprocess-preset.js';
import { imageToInput } from './image-to-input.js';
import { parsePreprocessSpec } from './parse-preprocess-spec.js';
import { preprocessPresets } from './preprocess-spec.js';

/** A 2x1 image: a red-ish pixel then a blue-ish one. */
const image = { width: 2, height: 1, data: new Uint8ClampedArray([200, 100, 50, 255, 10, 20, 250, 255]) };

describe('imageToInput', () => {
  it('applies scale, mean and std per channel in NCHW', () => {
    const spec = { channels: 'rgb', scale: 1 / 255, mean: [0.5, 0.25, 0], std: [0.5, 0.25, 2] } as const;
    const tensor = imageToInput(image, { shape: [null, 3, 1, 2], layout: 'nchw' }, spec);
    expect(tensor.shape).toEqual([1, 3, 1, 2]);
    const expected = [
      (200 / 255 - 0.5) / 0.5,
      (10 / 255 - 0.5) / 0.5,
      (100 / 255 - 0.25) / 0.25,
      (20 / 255 - 0.25) / 0.25,
      50 / 255 / 2,
      250 / 255 / 2,
    ];
    expected.forEach((value, index) => expect(tensor.data[index]).toBeCloseTo(value, 6));
  });

  it('orders BGR channels last in NHWC and subtracts the Caffe means', () => {
    const tensor = imageToInput(
      image,
      { shape: [1, 1, 2, 3], layout: 'nhwc' },
      preprocessPresets['imagenet-bgr-caffe'],
    );
    expect(tensor.shape).toEqual([1, 1, 2, 3]);
    expect([...tensor.data].map((value) => Number(value.toFixed(3)))).toEqual([
      Number((50 - 103.939).toFixed(3)),
      Number((100 - 116.779).toFixed(3)),
      Number((200 - 123.68).toFixed(3)),
      Number((250 - 103.939).toFixed(3)),
      Number((20 - 116.779).toFixed(3)),
      Number((10 - 123.68).toFixed(3)),
    ]);
  });

  it('takes luma for one channel and resizes to the model size', () => {
    const gray = { width: 1, height: 1, data: new Uint8ClampedArray([100, 200, 50, 255]) };
    const tensor = imageToInput(
      gray,
      { shape: [1, 1, 3, 2], layout: 'nchw' },
      { ...preprocessPresets.mnist, size: undefined },
    );
    expect(tensor.shape).toEqual([1, 1, 3, 2]);
    const luma = 0.299 * 100 + 0.587 * 200 + 0.114 * 50;
    for (const value of tensor.data) expect(value).toBeCloseTo(luma, 4);
  });

  it('rejects a channel count the model does not take', () => {
    expect(() =>
      imageToInput(image, { shape: [1, 1, 2, 2], layout: 'nchw' }, preprocessPresets.imagenet),
    ).toThrow(InvalidArgumentError);
  });
});

describe('parsePreprocessSpec', () => {
  it('reads presets with overrides, fractions and HxW sizes', () => {
    expect(parsePreprocessSpec('cifar10,size=64x48')).toEqual({
      ...preprocessPresets.cifar10,
      size: { height: 64, width: 48 },
    });
    expect(parsePreprocessSpec('scale=1/255,mean=0.5,std=0.5')).toEqual({
      channels: 'rgb',
      scale: 1 / 255,
      mean: [0.5],
      std: [0.5],
    });
  });

  it.each([
    'nope',
    'size=0',
    'channels=cmyk',
    'std=0',
    'mean=a',
    'layout=chw',
    'foo=1',
    'unit,imagenet',
  ])('rejects %s with an InvalidArgumentError', (text) =>
    expect(() => parsePreprocessSpec(text)).toThrow(InvalidArgumentError));
});

describe('guessPreprocessPreset', () => {
  it('guesses from the input shape', () => {
    expect(guessPreprocessPreset({ shape: [null, 1, 28, 28], layout: 'nchw' })).toBe('mnist');
    expect(guessPreprocessPreset({ shape: [null, 32, 32, 3], layout: 'nhwc' })).toBe('cifar10');
    expect(guessPreprocessPreset({ shape: [1, 3, 224, 224], layout: 'nchw' })).toBe('imagenet');
  });
});
