import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupBackend } from '../backend/setup-backend.js';
import { IMAGE_BYTES } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { makeBatch } from '../data/make-batch.js';
import { buildModel } from '../model/build-model.js';
import { checkpointPath, readCheckpoint } from './checkpoint.js';
import { loadLayersModelFromFile } from './model-io.js';
import { type TrainConfig, type TrainState, train } from './train.js';
import { trainStep } from './train-step.js';

const FIXTURE = fileURLToPath(new URL('../__fixtures__/tiny-cifar', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cifar10-train-'));
const cacheDir = join(tmp, 'cache');
const quiet = () => {};
const tiny: Partial<TrainConfig> = { epochs: 2, batchSize: 10, width: 4, lr: 0.05, seed: 3 };

beforeAll(async () => {
  await setupBackend('wasm');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function weightsOf(model: { getWeights(): tf.Tensor[] }): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

describe('training on real CIFAR-10 images (tiny fixture)', () => {
  it('reduces the loss over a few steps on a tiny model', () => {
    const data = loadDataset(FIXTURE, { cacheDir });
    expect(data.train.count).toBe(20);
    const model = buildModel({ width: 4, classes: 10, seed: 5 });
    const optimizer = tf.train.momentum(0.05, 0.9, true);
    const buf = new Float32Array(20 * IMAGE_BYTES);
    const labels = makeBatch(
      data.train,
      Array.from({ length: 20 }, (_, i) => i),
      buf,
    );
    const opts = { labelSmoothing: 0, weightDecay: 0, headGradScale: 1 };
    const losses = Array.from({ length: 12 }, () => trainStep(model, optimizer, buf, labels, opts).loss);
    expect(losses[0]).toBeGreaterThan(2);
    expect(losses[0]).toBeLessThan(2.6);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.7);
    model.dispose();
    optimizer.dispose();
  });

  it('writes a checkpoint, and a resumed run continues exactly like an uninterrupted one', async () => {
    const straight = join(tmp, 'straight');
    const a = await train({
      dataDir: FIXTURE,
      outDir: straight,
      cacheDir,
      config: tiny,
      log: quiet,
      logEvery: 0,
    });
    expect(a.state.epoch).toBe(2);
    expect(a.state.history).toHaveLength(2);
    const straightWeights = weightsOf(a.model);

    const interrupted = join(tmp, 'interrupted');
    const b1 = await train({
      dataDir: FIXTURE,
      outDir: interrupted,
      cacheDir,
      config: tiny,
      log: quiet,
      logEvery: 0,
      stopAfter: 1,
    });
    const ckpt = readCheckpoint<TrainState>(checkpointPath(interrupted))!;
    expect(ckpt.state.epoch).toBe(1);
    expect(ckpt.state.step).toBe(2);
    // The checkpoint holds exactly the weights the model had after epoch 1.
    const atEpoch1 = weightsOf(b1.model);
    ckpt.modelWeights.forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(Array.from(atEpoch1[i]!)));
    expect(ckpt.optimizerWeights.length).toBeGreaterThan(1);

    const lines: string[] = [];
    const b2 = await train({
      dataDir: FIXTURE,
      outDir: interrupted,
      cacheDir,
      resume: true,
      log: (l) => lines.push(l),
      logEvery: 0,
    });
    expect(lines.some((l) => l.includes('resumed') && l.includes('epoch 1'))).toBe(true);
    expect(b2.state.epoch).toBe(2);
    expect(b2.state.history.map((h) => h.epoch)).toEqual([1, 2]);
    const resumedWeights = weightsOf(b2.model);
    resumedWeights.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(straightWeights[i]!)));

    // history.json and the best model (a standard tfjs LayersModel) are there and loadable.
    const history = JSON.parse(readFileSync(join(interrupted, 'history.json'), 'utf8')) as unknown[];
    expect(history).toHaveLength(2);
    expect(existsSync(join(interrupted, 'best', 'model.json'))).toBe(true);
    const best = await loadLayersModelFromFile(join(interrupted, 'best', 'model.json'));
    expect(best.outputs[0]!.shape).toEqual([null, 10]);
    expect(best.layers.map((l) => l.getClassName())).toContain('BatchNormalization');
  });
});
