import { InvalidModelError } from '@gradcam/core';
import { describe, expect, it } from 'vitest';
import { classifyModelFiles } from './classify-model-files.js';

const file = (name: string) => new File(['x'], name);

describe('classifyModelFiles', () => {
  it('finds an ONNX file, or a model.json and the files beside it', () => {
    const onnx = file('net.ONNX');
    expect(classifyModelFiles([onnx])).toEqual({ kind: 'onnx', file: onnx });
    const json = file('model.json');
    const weights = file('group1-shard1of1.bin');
    expect(classifyModelFiles([weights, json])).toEqual({ kind: 'tfjs', json, weights: [weights] });
  });

  it('says what is wrong with files that are not one model', () => {
    expect(() => classifyModelFiles([file('cat.png')])).toThrow(
      '"cat.png" is not a model: pick a .onnx file, or a TensorFlow.js model.json together with its weight files (.bin).',
    );
    expect(() => classifyModelFiles([])).toThrow(InvalidModelError);
    expect(() => classifyModelFiles([file('a.onnx'), file('model.json')])).toThrow(/are several models/);
  });
});
