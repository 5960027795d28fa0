import { CapabilityNotSupportedError } from '@gradcam/core';
import { seededRandom } from '@gradcam/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf, useBackend } from '../__fixtures__/tfjs-backends.js';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels.js';

/** Runs `f` on a backend and returns plain arrays, to compare backends. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await useBackend(backend);
  const out = tf.tidy(f);
  const values = out.map((tensor) => tensor.dataSync() as Float32Array);
  tf.dispose(out);
  return values;
}

/** Deterministic values in [-1, 1). */
function values(shape: readonly number[], seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, random);
}

/** Largest difference relative to the largest reference magnitude. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < actual.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / scale;
}

const installedNames = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropInput',
  'MaxPoolGrad',
  'Sum',
  'Mean',
  'Identity',
  'FusedBatchNorm gradient',
];

describe('registerWasmTrainingKernels', () => {
  let first: string[] = [];
  beforeAll(async () => {
    await useBackend('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    first = registerWasmTrainingKernels(tf);
  });

  it('installs every kernel once; a second call changes nothing', () => {
    expect(first).toEqual(installedNames);
    const kernels = installedNames.slice(0, -1).map((name) => tf.getKernel(name, 'wasm')?.kernelFunc);
    expect(registerWasmTrainingKernels(tf)).toEqual([]);
    expect(installedNames.slice(0, -1).map((name) => tf.getKernel(name, 'wasm')?.kernelFunc)).toEqual(
      kernels,
    );
  });

  const convolutions: Array<{
    x: [number, number, number, number];
    k: [number, number];
    co: number;
    s: number | [number, number];
    pad: 'same' | 'valid';
  }> = [
    { x: [2, 8, 8, 3], k: [3, 3], co: 4, s: 1, pad: 'same' },
    { x: [3, 9, 7, 5], k: [3, 3], co: 6, s: 2, pad: 'same' },
    { x: [2, 10, 10, 4], k: [3, 3], co: 3, s: 2, pad: 'valid' },
    { x: [1, 6, 6, 2], k: [1, 1], co: 5, s: 1, pad: 'valid' },
    { x: [1, 9, 9, 4], k: [1, 1], co: 5, s: 2, pad: 'same' },
    { x: [2, 7, 7, 3], k: [5, 5], co: 2, s: 1, pad: 'same' },
    { x: [1, 11, 8, 3], k: [2, 4], co: 3, s: [3, 2], pad: 'same' },
  ];
  it.each(
    convolutions,
  )('Conv2DBackpropFilter and Conv2DBackpropInput match the cpu backend: x $x, kernel $k, strides $s, $pad', async (c) => {
    const xv = values(c.x, 1);
    const filterShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.co];
    const wv = values(filterShape, 2);
    const run = () => {
      const x = tf.tensor4d(xv, c.x);
      const w = tf.tensor4d(wv, filterShape);
      const yShape = tf.conv2d(x, w, c.s, c.pad).shape;
      const dy = tf.tensor(values(yShape, 3), yShape);
      // The gradient of sum(conv(x, w) * dy) runs Conv2DBackpropInput and Conv2DBackpropFilter with dy.
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), dy)),
      )([x, w]);
      return [dx!, dw!];
    };
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    expect(relativeError(wasm[0]!, cpu[0]!)).toBeLessThan(1e-5);
    expect(relativeError(wasm[1]!, cpu[1]!)).toBeLessThan(1e-5);
  });

  it('Sum and Mean over leading axes, and the BatchNorm gradient, match the cpu backend', async () => {
    const shape: [number, number, number, number] = [4, 5, 6, 3];
    const xv = values(shape, 7);
    const run = () => {
      const x = tf.tensor4d(xv, shape);
      const gamma = tf.tensor1d([0.5, 1.5, -1]);
      const beta = tf.tensor1d([0.1, 0.2, 0.3]);
      const loss = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(xx, [0, 1, 2]);
        const y = tf.batchNorm(xx, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, 1e-3);
        return tf.sum(tf.mul(y, tf.sin(xx)));
      };
      const [dx, dg, db] = tf.grads(loss)([x, gamma, beta]);
      return [
        tf.sum(x, [0, 1, 2]),
        tf.mean(x, [0, 1]),
        tf.sum(x, [0, 1, 2], true),
        tf.sum(x, 3),
        dx!,
        dg!,
        db!,
      ];
    };
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    for (let i = 0; i < cpu.length; i++)
      expect(relativeError(wasm[i]!, cpu[i]!), `output ${i}`).toBeLessThan(1e-5);
  });

  it.each([
    { pool: 2, stride: 2, pad: 'valid', shift: 0 },
    { pool: 3, stride: 2, pad: 'same', shift: 0 },
    { pool: 3, stride: 2, pad: 'same', shift: -1.5 },
    { pool: 2, stride: 2, pad: 'valid', shift: -1.5 },
  ] as const)('MaxPoolGrad ($pool, stride $stride, $pad, inputs shifted by $shift: many all-negative and all-zero windows) matches the cpu backend', async ({
    pool,
    stride,
    pad,
    shift,
  }) => {
    const shape: [number, number, number, number] = [2, 6, 8, 3];
    const xv = values(shape, 11);
    const run = () => {
      // After a ReLU, windows of a shifted input are often all zero: ties that must all go to the first input.
      const x = tf.relu(tf.add(tf.tensor4d(xv, shape), shift)) as tf.Tensor4D;
      const raw = tf.add(tf.tensor4d(xv, shape), shift) as tf.Tensor4D;
      const grad = (input: tf.Tensor4D) => {
        const y = tf.maxPool(input, pool, stride, pad);
        const dy = tf.tensor(values(y.shape, 12), y.shape);
        return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, pool, stride, pad), dy)))(
          input,
        );
      };
      return [grad(x), grad(raw)];
    };
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    expect(relativeError(wasm[0]!, cpu[0]!)).toBeLessThan(1e-6);
    expect(relativeError(wasm[1]!, cpu[1]!)).toBeLessThan(1e-6);
  });

  it('Identity shares the data and keeps it alive until the last reference is disposed', async () => {
    await useBackend('wasm');
    const before = tf.memory().numBytes;
    const x = tf.tensor1d([1, 2, 3]);
    const copy = tf.clone(x);
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3]);
    copy.dispose();
    expect(tf.memory().numBytes).toBe(before);
  });

  it('needs the wasm backend to be imported', () => {
    const without = { ...tf, getKernel: () => undefined } as unknown as typeof tf;
    expect(() => registerWasmTrainingKernels(without)).toThrow(CapabilityNotSupportedError);
  });
});
