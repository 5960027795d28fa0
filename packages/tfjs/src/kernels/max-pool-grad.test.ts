import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '../__fixtures__/tfjs-backends.js';
import { maxPoolGradKernel } from './max-pool-grad.js';
import { withKernelOverrides } from './with-kernel-overrides.js';

const cases = [
  { filter: 2, strides: 2, pad: 'valid' },
  { filter: 3, strides: 2, pad: 'same' },
  { filter: 3, strides: 1, pad: 'same' },
] as const;

/** Max-pool input gradient through tfjs's autodiff, on windows that are often all negative. */
const gradient = (filter: number, strides: number, pad: 'same' | 'valid') =>
  tf.tidy(() => {
    const x = tf.randomNormal([2, 9, 9, 3], -0.5, 1, 'float32', 21) as tf.Tensor4D;
    const y = tf.maxPool(x, filter, strides, pad);
    const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 22);
    return tf
      .grad((input: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, filter, strides, pad), dy)))(
        x,
      )
      .dataSync();
  });

describe('portable MaxPoolGrad', () => {
  it.each(cases)('matches the cpu kernel on wasm: filter $filter, strides $strides, $pad', async ({
    filter,
    strides,
    pad,
  }) => {
    await useBackend('cpu');
    const expected = gradient(filter, strides, pad);
    await useBackend('wasm');
    const actual = withKernelOverrides(tf, { MaxPoolGrad: maxPoolGradKernel(tf) }, () =>
      gradient(filter, strides, pad),
    );
    let worst = 0;
    for (let index = 0; index < actual.length; index++)
      worst = Math.max(worst, Math.abs(actual[index]! - expected[index]!));
    expect(worst).toBeLessThan(1e-5);
  });
});
