import { SeededRandom } from '@gradcam/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_BYTES } from '../data/dataset.js';
import { makeBatch } from '../data/make-batch.js';
import { buildModel } from '../model/build-model.js';
import { trainStep } from './train-step.js';

/** Timing of one model width, per batch, in milliseconds. */
export interface BenchResult {
  width: number;
  batchSize: number;
  params: number;
  /** augmentation + batch assembly */
  dataMs: number;
  /** forward pass in training mode */
  forwardMs: number;
  /** full step: forward + backward + update */
  stepMs: number;
  /** training throughput of full steps */
  imagesPerSec: number;
}

function forwardOnly(model: LayersModel, buf: Float32Array, n: number): void {
  const out = tf.tidy(() =>
    tf.sum(
      model.apply(tf.tensor4d(buf.subarray(0, n * IMAGE_BYTES), [n, 32, 32, 3]), {
        training: true,
      }) as tf.Tensor,
    ),
  );
  out.dataSync();
  out.dispose();
}

/**
 * Measures, on random images, how long data assembly, the forward pass and a full training step take
 * for a model of the given width (after one warm-up step).
 */
export function benchmarkWidth(width: number, batchSize: number, steps: number): BenchResult {
  const model = buildModel({ width, classes: 10 });
  const optimizer = tf.train.momentum(0.01, 0.9, true);
  const rng = new SeededRandom(1);
  const count = batchSize * 2;
  const images = new Uint8Array(count * IMAGE_BYTES).map(() => rng.int(256));
  const split = {
    images,
    labels: new Uint8Array(count).map(() => rng.int(10)),
    count,
    files: Array.from({ length: count }, (_, i) => `random/${i}`),
  };
  const buf = new Float32Array(batchSize * IMAGE_BYTES);
  const idx = Array.from({ length: batchSize }, (_, i) => i);
  const augment = { pad: 4, flip: true };
  const opts = { labelSmoothing: 0.2, weightDecay: 5e-4 };
  trainStep(model, optimizer, buf, makeBatch(split, idx, buf, augment, rng), opts);
  let t = performance.now();
  for (let i = 0; i < steps; i++) makeBatch(split, idx, buf, augment, rng);
  const dataMs = (performance.now() - t) / steps;
  t = performance.now();
  for (let i = 0; i < steps; i++) forwardOnly(model, buf, batchSize);
  const forwardMs = (performance.now() - t) / steps;
  const labels = makeBatch(split, idx, buf, augment, rng);
  t = performance.now();
  for (let i = 0; i < steps; i++) trainStep(model, optimizer, buf, labels, opts);
  const stepMs = (performance.now() - t) / steps;
  const params = model.countParams();
  model.dispose();
  optimizer.dispose();
  return { width, batchSize, params, dataMs, forwardMs, stepMs, imagesPerSec: (batchSize * 1000) / stepMs };
}
