import type { KernelFunc } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '../__fixtures__/tfjs-backends.js';
import { withKernelOverrides } from './with-kernel-overrides.js';
import { filterGradientKernels, zeroFilterGradient } from './zero-filter-gradient.js';

describe('withKernelOverrides', () => {
  it('replaces kernels only while the body runs, and restores them when it throws', async () => {
    await useBackend('cpu');
    const original = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    const seen: KernelFunc[] = [];
    const result = withKernelOverrides(tf, { Conv2DBackpropFilter: zeroFilterGradient }, () => {
      seen.push(tf.getKernel('Conv2DBackpropFilter', 'cpu').kernelFunc);
      return 42;
    });
    expect(result).toBe(42);
    expect(seen).toEqual([zeroFilterGradient]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(original);
    expect(() =>
      withKernelOverrides(tf, { Conv2DBackpropFilter: zeroFilterGradient }, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(original);
  });

  it('adds a missing kernel for the call and removes it afterwards (wasm has no Conv2DBackpropFilter)', async () => {
    await useBackend('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    const overrides = Object.fromEntries(filterGradientKernels.map((name) => [name, zeroFilterGradient]));
    const [filterGradient, inputGradient] = withKernelOverrides(tf, overrides, () =>
      tf.tidy(() => {
        const x = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
        const filter = tf.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
        const bias = tf.zeros([4]);
        // The fused convolution computes the filter gradient eagerly: it gets zeros, the input gradient is exact.
        const grads = tf.grads((input: tf.Tensor, weights: tf.Tensor) =>
          tf.sum(
            tf.fused.conv2d({
              x: input as tf.Tensor4D,
              filter: weights as tf.Tensor4D,
              strides: 1,
              pad: 'same',
              bias,
            }),
          ),
        )([x, filter]);
        const expected = tf.grad((input: tf.Tensor) =>
          tf.sum(tf.conv2d(input as tf.Tensor4D, filter, 1, 'same')),
        )(x);
        return [grads[1]!.dataSync(), tf.max(tf.abs(tf.sub(grads[0]!, expected))).dataSync()];
      }),
    );
    expect(Array.from(filterGradient!).every((value) => value === 0)).toBe(true);
    expect(inputGradient![0]).toBeLessThan(1e-5);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
  });
});
