import { describe, expect, it } from 'vitest';
import { type TestBackend, tf, useBackend } from '../__fixtures__/tfjs-backends.js';
import { conv2dWithInputGradient } from './conv2d-input-gradient.js';
import { FlippedFilterCache } from './flipped-filter-cache.js';

const cases: { k: [number, number]; padding: 'same' | 'valid'; strides: [number, number] }[] = [
  { k: [3, 3], padding: 'same', strides: [1, 1] },
  { k: [3, 3], padding: 'valid', strides: [1, 1] },
  { k: [1, 1], padding: 'same', strides: [1, 1] },
  { k: [2, 4], padding: 'same', strides: [1, 1] },
  { k: [5, 2], padding: 'valid', strides: [1, 1] },
  { k: [3, 3], padding: 'same', strides: [2, 2] },
];

describe.each(['cpu', 'wasm'] as TestBackend[])('conv2dWithInputGradient on %s', (backend) => {
  it.each(cases)('matches tf.conv2d and its gradient: kernel $k, $padding, strides $strides', async ({
    k,
    padding,
    strides,
  }) => {
    await useBackend(backend);
    const filters = new FlippedFilterCache(tf);
    const x = tf.randomNormal([2, 7, 6, 3], 0, 1, 'float32', 1);
    const filter = tf.randomNormal([k[0], k[1], 3, 4], 0, 1, 'float32', 2);
    const expected = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, strides, padding);
    const actual = conv2dWithInputGradient(tf, x, filter, strides, padding, [1, 1], filters);
    const dy = tf.randomNormal(expected.shape, 0, 1, 'float32', 3);
    const expectedGrad = tf.grad((input: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, strides, padding), dy)),
    )(x);
    const actualGrad = tf.grad((input: tf.Tensor) =>
      tf.sum(tf.mul(conv2dWithInputGradient(tf, input, filter, strides, padding, [1, 1], filters), dy)),
    )(x);
    expect(actual.shape).toEqual(expected.shape);
    const close = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
    expect(close(actual, expected)).toBeLessThan(1e-4);
    expect(close(actualGrad, expectedGrad)).toBeLessThan(1e-4);
    filters.dispose();
    tf.dispose([x, filter, expected, actual, dy, expectedGrad, actualGrad]);
  });
});
