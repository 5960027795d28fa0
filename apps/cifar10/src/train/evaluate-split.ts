import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Split } from '../data/dataset.js';
import { makeBatch } from '../data/make-batch.js';

/** Accuracy of a model on a split. */
export interface Accuracy {
  /** fraction correct */
  accuracy: number;
  /** fraction correct per class index */
  perClass: number[];
  /** images evaluated */
  count: number;
}

/** Runs the model in inference mode over the whole split (no augmentation) and counts hits. */
export function evaluateSplit(
  model: LayersModel,
  split: Split,
  numClasses: number,
  batchSize = 500,
): Accuracy {
  const hits = new Array<number>(numClasses).fill(0);
  const totals = new Array<number>(numClasses).fill(0);
  const buf = new Float32Array(batchSize * 32 * 32 * 3);
  let correct = 0;
  for (let start = 0; start < split.count; start += batchSize) {
    const n = Math.min(batchSize, split.count - start);
    const idx = Array.from({ length: n }, (_, i) => start + i);
    const labels = makeBatch(split, idx, buf);
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(buf.subarray(0, n * 32 * 32 * 3), [n, 32, 32, 3]);
      return tf.argMax(model.predict(x) as tf.Tensor2D, 1);
    });
    const p = pred.dataSync();
    pred.dispose();
    for (let i = 0; i < n; i++) {
      const label = labels[i]!;
      totals[label]!++;
      if (p[i] === label) {
        hits[label]!++;
        correct++;
      }
    }
  }
  return {
    accuracy: split.count === 0 ? 0 : correct / split.count,
    perClass: hits.map((h, i) => (totals[i] ? h / totals[i]! : 0)),
    count: split.count,
  };
}
