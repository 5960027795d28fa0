import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '../__fixtures__/tfjs-backends.js';
import { depthwiseBackpropInputKernelName } from './depthwise-conv2d-backprop-input.js';
import { registerMissingGradientKernels } from './register-gradient-kernels.js';

const cases = [
  { name: '3x3 same, stride 1', filter: [3, 3, 4, 1], strides: 1, pad: 'same' },
  { name: '2x3 valid, stride 1', filter: [2, 3, 4, 1], strides: 1, pad: 'valid' },
  { name: '4x2 same, stride 1', filter: [4, 2, 4, 1], strides: 1, pad: 'same' },
  { name: '3x3 valid, stride 2, multiplier 2', filter: [3, 3, 4, 2], strides: 2, pad: 'valid' },
  { name: '3x3 same, stride 2', filter: [3, 3, 4, 1], strides: 2, pad: 'same' },
  { name: '3x3 valid, stride 2', filter: [3, 3, 4, 1], strides: 2, pad: 'valid' },
  { name: '2x4 same, stride 3x2', filter: [2, 4, 4, 1], strides: [3, 2], pad: 'same' },
  { name: '5x3 same, stride 2x1, multiplier 3', filter: [5, 3, 4, 3], strides: [2, 1], pad: 'same' },
] as const;

/** Input gradient of a depthwise convolution, through tfjs's autodiff, on the active backend. */
const gradient = (
  seed: number,
  filterShape: readonly number[],
  strides: number | [number, number],
  pad: 'same' | 'valid',
) =>
  tf.tidy(() => {
    const x = tf.randomNormal([2, 9, 8, 4], 0, 1, 'float32', seed) as tf.Tensor4D;
    const filter = tf.randomNormal(
      [...filterShape] as [number, number, number, number],
      0,
      1,
      'float32',
      seed + 1,
    ) as tf.Tensor4D;
    const y = tf.depthwiseConv2d(x, filter, strides, pad);
    const dy = tf.randomNormal(y.shape, 0, 1, 'float32', seed + 2);
    return tf
      .grad((input: tf.Tensor) =>
        tf.sum(tf.mul(tf.depthwiseConv2d(input as tf.Tensor4D, filter, strides, pad), dy)),
      )(x)
      .dataSync();
  });

describe('DepthwiseConv2dNativeBackpropInput for wasm', () => {
  it('is registered for wasm (which lacks it) and never replaces a kernel a backend has', async () => {
    await useBackend('cpu');
    const cpuKernel = tf.getKernel(depthwiseBackpropInputKernelName, 'cpu');
    expect(registerMissingGradientKernels(tf)).toEqual([]);
    expect(tf.getKernel(depthwiseBackpropInputKernelName, 'cpu')).toBe(cpuKernel);
    await useBackend('wasm');
    registerMissingGradientKernels(tf);
    expect(tf.getKernel(depthwiseBackpropInputKernelName, 'wasm')).toBeDefined();
    expect(registerMissingGradientKernels(tf)).toEqual([]);
  });

  it.each(cases)('matches the cpu kernel: $name', async ({ filter, strides, pad }) => {
    await useBackend('cpu');
    const expected = gradient(10, filter, strides as number | [number, number], pad);
    await useBackend('wasm');
    registerMissingGradientKernels(tf);
    const actual = gradient(10, filter, strides as number | [number, number], pad);
    expect(actual.length).toBe(expected.length);
    let worst = 0;
    for (let index = 0; index < actual.length; index++)
      worst = Math.max(worst, Math.abs(actual[index]! - expected[index]!));
    expect(worst).toBeLessThan(1e-4);
  });
});
