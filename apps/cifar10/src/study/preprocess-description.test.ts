import { preprocessPresets } from '@gradcam/viz';
import { describe, expect, it } from 'vitest';
import { describePreprocess } from './preprocess-description.js';

describe('describePreprocess', () => {
  it('says what each preset does to a pixel', () => {
    expect(describePreprocess(preprocessPresets.unit)).toBe('RGB, x / 255');
    expect(describePreprocess(preprocessPresets.cifar10)).toBe('RGB, (x / 255 - 0.5) / 0.5');
    expect(describePreprocess(preprocessPresets.imagenet)).toBe(
      'RGB, (x / 255 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]',
    );
    expect(describePreprocess(preprocessPresets['imagenet-bgr-caffe'])).toBe(
      'BGR, x - [103.939, 116.779, 123.68]',
    );
  });
});
