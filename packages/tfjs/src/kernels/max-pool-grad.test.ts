import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '../__fixtures__/tfjs-backends.js';
import { maxPoolGrad, maxPoolGradFromOutput, maxPoolGradKernel, windowArgmax } from './max-pool-grad.js';
import { withKernelOverrides } from './with-kernel-overrides.js';

const cases = [
  { filter: 2, strides: 2, pad: 'valid', relu: false },
  { filter: 3, strides: 2, pad: 'same', relu: false },
  { filter: 3, strides: 1, pad: 'same', relu: false },
  { filter: 2, strides: 2, pad: 'valid', relu: true },
  { filter: 3, strides: 2, pad: 'same', relu: true },
] as const;

/**
 * Max-pool input gradient through tfjs's autodiff, on windows that are often all negative, or (after a ReLU) all
 * zero: ties, whose gradient goes to the first input of the window.
 */
const gradient = (filter: number, strides: number, pad: 'same' | 'valid', relu: boolean) =>
  tf.tidy(() => {
    const normal = tf.randomNormal([2, 9, 9, 3], -0.5, 1, 'float32', 21) as tf.Tensor4D;
    const x = relu ? tf.relu(normal) : normal;
    const y = tf.maxPool(x, filter, strides, pad);
    const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 22);
    return tf
      .grad((input: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, filter, strides, pad), dy)))(
        x,
      )
      .dataSync();
  });

describe('portable MaxPoolGrad', () => {
  it.each(
    cases,
  )('matches the cpu kernel on wasm: filter $filter, strides $strides, $pad, after a ReLU: $relu', async ({
    filter,
    strides,
    pad,
    relu,
  }) => {
    await useBackend('cpu');
    const expected = gradient(filter, strides, pad, relu);
    await useBackend('wasm');
    const actual = withKernelOverrides(tf, { MaxPoolGrad: maxPoolGradKernel(tf) }, () =>
      gradient(filter, strides, pad, relu),
    );
    let worst = 0;
    for (let index = 0; index < actual.length; index++)
      worst = Math.max(worst, Math.abs(actual[index]! - expected[index]!));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('maxPoolGradFromOutput', () => {
  it('equals maxPoolGrad, ties and NaN windows included', () => {
    const geometry = tf.backend_util.computePool2DInfo([1, 5, 5, 2], 3, 2, 1, 'same');
    const x = Float32Array.from({ length: 50 }, (_, i) =>
      i % 7 === 0 ? 0 : Math.round(Math.sin(i) * 2) / 2,
    );
    x[12] = Number.NaN;
    const pooled = new Float32Array(geometry.outHeight * geometry.outWidth * 2);
    for (let oy = 0; oy < geometry.outHeight; oy++) {
      for (let ox = 0; ox < geometry.outWidth; ox++) {
        for (let c = 0; c < 2; c++) {
          const index = windowArgmax(x, geometry, 0, oy, ox, c);
          pooled[(oy * geometry.outWidth + ox) * 2 + c] = index < 0 ? 0 : x[index]!;
        }
      }
    }
    const dy = Float32Array.from(pooled, (_, i) => i + 1);
    const expected = maxPoolGrad(dy, x, geometry);
    expect(Array.from(maxPoolGradFromOutput(dy, x, pooled, geometry))).toEqual(Array.from(expected));
    // The gradient is all there: every output's dy lands on one input.
    expect(expected.reduce((a, b) => a + b, 0)).toBe(dy.reduce((a, b) => a + b, 0));
  });
});
