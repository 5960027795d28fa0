import type { LayerInfo } from '@gradcam/core';
import { preprocessPresets } from '@gradcam/viz';
import { describe, expect, it } from 'vitest';
import { blackBaseline } from './faithfulness.js';
import { StudyError } from './study-error.js';
import { chooseStudyLayer, runtimeOf } from './study-model.js';

const layer = (name: string, kind: string, side: number, channels = 8): LayerInfo => ({
  name,
  kind,
  outputShape: [null, side, side, channels],
  layout: 'nhwc',
});

describe('chooseStudyLayer', () => {
  it('takes the last non-pooling layer with maps of at least 8x8 over a 4x4 last block', () => {
    const layers = [
      layer('conv1', 'Conv2D', 16),
      layer('relu3', 'ReLU', 8),
      layer('pool3', 'MaxPooling2D', 4),
      layer('add', 'Add', 4),
      { name: 'logits', kind: 'Dense', outputShape: [null, 10] },
    ];
    const { layer: chosen, reason } = chooseStudyLayer(layers);
    expect(chosen.name).toBe('relu3');
    expect(reason).toMatch(/add \(4x4x8\).*8x8 pixels/);
  });

  it('keeps the automatic choice when it is fine enough', () => {
    expect(chooseStudyLayer([layer('a', 'Conv', 12), layer('b', 'Relu', 10)]).layer.name).toBe('b');
  });
});

describe('runtimeOf and blackBaseline', () => {
  it('tells the runtime from the file name and a black pixel in each input space', () => {
    expect(runtimeOf('m/model.json')).toBe('tfjs');
    expect(runtimeOf('m.ONNX')).toBe('onnx');
    expect(() => runtimeOf('m.pt')).toThrow(StudyError);
    expect(blackBaseline(preprocessPresets.unit)).toBe(0);
    expect(blackBaseline(preprocessPresets.cifar10)).toBe(-1);
    expect(blackBaseline(preprocessPresets.imagenet)).toBe('zero');
  });
});
