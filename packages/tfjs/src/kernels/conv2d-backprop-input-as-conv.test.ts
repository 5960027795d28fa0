import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '../__fixtures__/tfjs-backends.js';
import { conv2dBackpropInputAsConv } from './conv2d-backprop-input-as-conv.js';
import { TransposedFilterCache } from './transposed-filter-cache.js';
import { withKernelOverrides } from './with-kernel-overrides.js';

const cases = [
  { filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { filter: [3, 3, 3, 5], strides: 1, pad: 'valid' },
  { filter: [1, 1, 3, 5], strides: 1, pad: 'same' },
  { filter: [2, 4, 3, 5], strides: 1, pad: 'same' },
  { filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { filter: [3, 3, 3, 5], strides: 2, pad: 'valid' },
  { filter: [1, 1, 3, 5], strides: 2, pad: 'same' },
  { filter: [2, 2, 3, 5], strides: 2, pad: 'valid' },
  { filter: [3, 2, 3, 5], strides: [3, 2], pad: 'same' },
] as const;

/** Input gradient of a convolution through tfjs's autodiff, on the active backend. */
const gradient = (
  filterShape: readonly number[],
  strides: number | readonly [number, number],
  pad: 'same' | 'valid',
) =>
  tf.tidy(() => {
    const x = tf.randomNormal([2, 8, 7, 3], 0, 1, 'float32', 31) as tf.Tensor4D;
    const filter = tf.randomNormal([...filterShape] as [number, number, number, number], 0, 1, 'float32', 32);
    const y = tf.conv2d(x, filter as tf.Tensor4D, strides as number | [number, number], pad);
    const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 33);
    return tf
      .grad((input: tf.Tensor) =>
        tf.sum(
          tf.mul(
            tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, strides as number | [number, number], pad),
            dy,
          ),
        ),
      )(x)
      .dataSync();
  });

describe('Conv2DBackpropInput as a forward convolution (wasm)', () => {
  it.each(cases)('matches the cpu kernel: filter $filter, strides $strides, $pad', async ({
    filter,
    strides,
    pad,
  }) => {
    await useBackend('cpu');
    const expected = gradient(filter, strides, pad);
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
    const fast = conv2dBackpropInputAsConv(tf, 'wasm', original)!;
    const actual = withKernelOverrides(tf, { Conv2DBackpropInput: fast }, () =>
      gradient(filter, strides, pad),
    );
    let worst = 0;
    for (let index = 0; index < actual.length; index++) {
      worst = Math.max(worst, Math.abs(actual[index]! - expected[index]!));
    }
    expect(worst).toBeLessThan(1e-4);
    // Relative to the gradient's scale as well: the composed kernels agree with the stock one to float rounding.
    expect(worst / Math.max(...Array.from(expected, Math.abs))).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(original);
  });
});

describe('Conv2DBackpropInput as a forward convolution, transposed filters kept', () => {
  it('gives the same gradients on repeated calls, keeps one filter, and frees it on dispose', async () => {
    await useBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const dataIds = backend.numDataIds();
    const cache = new TransposedFilterCache();
    const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
    const fast = conv2dBackpropInputAsConv(tf, 'wasm', original, cache)!;
    const filter = tf.randomNormal([3, 3, 3, 5], 0, 1, 'float32', 32) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 4, 4, 5], 0, 1, 'float32', 33) as tf.Tensor4D;
    const run = () =>
      withKernelOverrides(tf, { Conv2DBackpropInput: fast }, () =>
        tf.tidy(() => tf.conv2dTranspose(dy, filter, [2, 8, 7, 3], 2, 'same').dataSync()),
      );
    const first = run();
    expect(cache.size).toBe(1);
    expect(run()).toEqual(first);
    expect(cache.size).toBe(1);
    // conv2dTranspose is Conv2DBackpropInput itself: the same values as wasm's own kernel, through autodiff.
    const reference = tf.tidy(() =>
      tf
        .grad((input: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(input as tf.Tensor4D, filter, 2, 'same'), dy)))(
          tf.zeros([2, 8, 7, 3]),
        )
        .dataSync(),
    );
    let worst = 0;
    for (let index = 0; index < first.length; index++)
      worst = Math.max(worst, Math.abs(first[index]! - reference[index]!));
    expect(worst).toBeLessThan(1e-5);
    tf.dispose([filter, dy]);
    cache.dispose();
    expect(cache.size).toBe(0);
    expect(backend.numDataIds()).toBe(dataIds);
  });
});
