import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupBackend } from './setup-backend.js';

/** Runs `f` on a backend and returns plain arrays (so results can be compared across backends). */
async function on<T extends tf.Tensor[]>(backend: string, f: () => T): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(f);
  const values = out.map((t) => t.dataSync() as Float32Array);
  tf.dispose(out);
  return values;
}

function rand(shape: number[], seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 1073741824 - 1;
  });
}

function maxRelErr(a: Float32Array, b: Float32Array): number {
  let maxDiff = 0;
  let maxAbs = 1e-6;
  for (let i = 0; i < a.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    maxAbs = Math.max(maxAbs, Math.abs(b[i]!));
  }
  return maxDiff / maxAbs;
}

beforeAll(async () => {
  await setupBackend('wasm');
});

describe('wasm convolution gradient kernels', () => {
  const cases: Array<{
    x: [number, number, number, number];
    k: number;
    co: number;
    s: number;
    pad: 'same' | 'valid';
  }> = [
    { x: [2, 8, 8, 3], k: 3, co: 4, s: 1, pad: 'same' },
    { x: [3, 9, 7, 5], k: 3, co: 6, s: 2, pad: 'same' },
    { x: [2, 10, 10, 4], k: 3, co: 3, s: 2, pad: 'valid' },
    { x: [1, 6, 6, 2], k: 1, co: 5, s: 1, pad: 'valid' },
    { x: [2, 7, 7, 3], k: 5, co: 2, s: 1, pad: 'same' },
  ];
  for (const c of cases) {
    it(`Conv2DBackpropFilter/Input match the cpu backend for x=${c.x} k=${c.k} s=${c.s} ${c.pad}`, async () => {
      const xv = rand(c.x, 1);
      const wShape = [c.k, c.k, c.x[3], c.co];
      const wv = rand(wShape, 2);
      const run = () => {
        const x = tf.tensor4d(xv, c.x);
        const w = tf.tensor4d(wv, wShape as [number, number, number, number]);
        const yShape = tf.conv2d(x, w, c.s, c.pad).shape;
        const dy = tf.tensor(rand(yShape, 3), yShape);
        // Gradient of Σ conv(x, w)·dy: runs Conv2DBackpropFilter and Conv2DBackpropInput with dy.
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), dy)),
        )([x, w]);
        return [dw!, dx!];
      };
      const cpu = await on('cpu', run);
      const wasm = await on('wasm', run);
      expect(maxRelErr(wasm[0]!, cpu[0]!)).toBeLessThan(1e-4);
      expect(maxRelErr(wasm[1]!, cpu[1]!)).toBeLessThan(1e-4);
    });
  }

  it('Sum/Mean over leading axes and the BatchNorm gradient match the cpu backend', async () => {
    const shape: [number, number, number, number] = [4, 5, 6, 3];
    const xv = rand(shape, 7);
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
      return [tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1]), tf.sum(x, [0, 1, 2], true), dx!, dg!, db!];
    };
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    for (let i = 0; i < cpu.length; i++) expect(maxRelErr(wasm[i]!, cpu[i]!)).toBeLessThan(1e-4);
  });

  it('MaxPoolGrad (2x2, stride 2) matches the cpu backend', async () => {
    const shape: [number, number, number, number] = [2, 6, 8, 3];
    const xv = rand(shape, 11);
    const dyv = rand([2, 3, 4, 3], 12);
    const run = () => {
      const x = tf.tensor4d(xv, shape);
      const dy = tf.tensor4d(dyv, [2, 3, 4, 3]);
      const [dx] = tf.grads((a: tf.Tensor) =>
        tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), dy)),
      )([x]);
      return [dx!];
    };
    const cpu = await on('cpu', run);
    const wasm = await on('wasm', run);
    expect(maxRelErr(wasm[0]!, cpu[0]!)).toBeLessThan(1e-6);
  });
});
