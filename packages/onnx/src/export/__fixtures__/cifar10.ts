import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '@gradcam/core/testing';
import { decodeImage } from '@gradcam/viz/node';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import type { LayersModelArtifacts } from '../layers-model-artifacts.js';
import { readLayersModelArtifacts } from '../../node/read-layers-model-artifacts.js';

/** The committed CIFAR-10 model of `apps/cifar10` (read in place, not copied). */
export const cifar10ModelPath = fileURLToPath(
  new URL('../../../../../apps/cifar10/model/model.json', import.meta.url),
);

const imagesFolder = fileURLToPath(
  new URL('../../../../../apps/cifar10/src/__fixtures__/tiny-cifar/test', import.meta.url),
);

/** A batch of NHWC float32 images. */
export interface NhwcBatch {
  readonly data: Float32Array;
  readonly shape: [number, number, number, number];
}

/** `count` 32x32 RGB images of uniform noise in [0, 1), reproducibly. */
export function noiseImages(count: number, seed: number): NhwcBatch {
  const random = seededRandom(seed);
  const data = Float32Array.from({ length: count * 32 * 32 * 3 }, () => (random() + 1) / 2);
  return { data, shape: [count, 32, 32, 3] };
}

/** The first test image of each of the given classes of the tiny CIFAR-10 fixture, scaled to [0, 1]. */
export function cifarImages(classes: readonly string[]): NhwcBatch {
  const data = new Float32Array(classes.length * 32 * 32 * 3);
  classes.forEach((label, index) => {
    const folder = `${imagesFolder}/${label}`;
    const file = readdirSync(folder).filter((name) => name.endsWith('.jpg')).sort()[0]!;
    const image = decodeImage(readFileSync(`${folder}/${file}`));
    for (let pixel = 0; pixel < 32 * 32; pixel++) {
      for (let channel = 0; channel < 3; channel++) {
        data[(index * 32 * 32 + pixel) * 3 + channel] = image.data[pixel * 4 + channel]! / 255;
      }
    }
  });
  return { data, shape: [classes.length, 32, 32, 3] };
}

/** The CIFAR-10 model's artifacts and the model loaded in TensorFlow.js (cpu backend). */
export async function loadCifar10(): Promise<{ artifacts: LayersModelArtifacts; model: LayersModel }> {
  await tf.setBackend('cpu');
  await tf.ready();
  const artifacts = await readLayersModelArtifacts(cifar10ModelPath);
  const bytes = artifacts.weightData as Uint8Array;
  const model = await loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifacts.modelTopology as object,
      weightSpecs: artifacts.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    }),
  );
  return { artifacts, model };
}

/** The model's outputs on a batch, with TensorFlow.js. */
export function tfjsPredict(model: LayersModel, batch: NhwcBatch): Float32Array {
  return tf.tidy(() => {
    const output = model.predict(tf.tensor4d(batch.data, batch.shape)) as tf.Tensor;
    return output.dataSync() as Float32Array;
  });
}

/** The largest absolute difference of two arrays of one length. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Lengths differ: ${a.length} and ${b.length}.`);
  let largest = 0;
  for (let index = 0; index < a.length; index++) largest = Math.max(largest, Math.abs(a[index]! - b[index]!));
  return largest;
}

/** The largest absolute value of an array. */
export function maxAbs(a: ArrayLike<number>): number {
  let largest = 0;
  for (let index = 0; index < a.length; index++) largest = Math.max(largest, Math.abs(a[index]!));
  return largest;
}
