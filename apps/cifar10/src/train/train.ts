import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '@gradcam/core';
import { writeFileAtomicSync } from '@gradcam/viz/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_BYTES } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { makeBatch } from '../data/make-batch.js';
import { buildModel } from '../model/build-model.js';
import { checkpointPath, readCheckpoint, restoreCheckpoint, saveCheckpoint } from './checkpoint.js';
import { evaluateSplit } from './evaluate-split.js';
import { oneCycleLr } from './lr-schedule.js';
import { saveLayersModel } from './model-io.js';
import { trainStep } from './train-step.js';

/** Hyper-parameters of a training run (stored in the checkpoint; a resumed run keeps them). */
export interface TrainConfig {
  epochs: number;
  batchSize: number;
  /** model width (channels of the first conv) */
  width: number;
  /** peak learning rate of the one-cycle schedule (SGD, Nesterov momentum 0.9) */
  lr: number;
  /** fraction of steps used for the warm-up */
  warmup: number;
  momentum: number;
  weightDecay: number;
  labelSmoothing: number;
  /** random-crop padding in pixels */
  cropPad: number;
  seed: number;
  /** limit the training images (0 = all); for smoke tests */
  maxTrain: number;
}

/** Defaults for {@link TrainConfig}. */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  epochs: 8,
  batchSize: 128,
  width: 16,
  lr: 0.2,
  warmup: 0.25,
  momentum: 0.9,
  weightDecay: 5e-4,
  labelSmoothing: 0.2,
  cropPad: 4,
  seed: 1,
  maxTrain: 0,
};

/** One line of `history.json`. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  trainAcc: number;
  testAcc: number;
  /** learning rate at the end of the epoch */
  lr: number;
  seconds: number;
  /** training images per second (augmentation + steps, without evaluation) */
  imagesPerSec: number;
  /** time spent building batches, in training steps, and evaluating */
  dataSec: number;
  stepSec: number;
  evalSec: number;
}

/** What the checkpoint's JSON header holds. */
export interface TrainState {
  config: TrainConfig;
  classes: string[];
  /** completed epochs */
  epoch: number;
  /** completed optimizer steps */
  step: number;
  rngState: number;
  bestAcc: number;
  history: EpochRecord[];
}

/** Options of {@link train}. */
export interface TrainOptions {
  dataDir: string;
  outDir: string;
  cacheDir?: string;
  resume?: boolean;
  config?: Partial<TrainConfig>;
  /** progress output (default: stdout) */
  log?: (line: string) => void;
  /** print a progress line every this many steps (0 = only per epoch) */
  logEvery?: number;
  /**
   * Wall-clock time by which training must be done. After each epoch, if the remaining epochs would
   * not finish in time at the pace of the last (up to two) epochs, the planned epochs are reduced
   * (and stored in the checkpoint); the one-cycle schedule then anneals over the new total.
   */
  deadline?: Date;
  /** stop (after checkpointing) once this many epochs ran in this call; simulates an interruption */
  stopAfter?: number;
}

function makeOptimizer(config: TrainConfig): tf.MomentumOptimizer {
  return tf.train.momentum(config.lr, config.momentum, true);
}

/**
 * Trains a ResNet-9-style model on `<dataDir>/{train,test}` with augmentation and a one-cycle
 * schedule. After every epoch it evaluates on the test split, keeps the best model in
 * `<outDir>/best/`, writes `<outDir>/history.json` and an atomic checkpoint that `resume` continues.
 */
export async function train(opts: TrainOptions): Promise<{ state: TrainState; model: LayersModel }> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const data = loadDataset(opts.dataDir, opts.cacheDir ? { cacheDir: opts.cacheDir, log } : { log });
  mkdirSync(opts.outDir, { recursive: true });
  const ckptFile = checkpointPath(opts.outDir);
  const ckpt = opts.resume ? readCheckpoint<TrainState>(ckptFile) : null;
  if (opts.resume && ckpt == null) log(`no checkpoint at ${ckptFile}; starting from scratch`);
  const config: TrainConfig = ckpt?.state.config ?? { ...DEFAULT_TRAIN_CONFIG, ...opts.config };
  if (ckpt != null) ckpt.state.config = config;
  if (ckpt != null && opts.config?.epochs != null && opts.config.epochs !== config.epochs) {
    // The one-cycle schedule is a function of step / total steps, so it re-stretches to the new total.
    log(
      `resuming with the checkpoint's settings, but ${opts.config.epochs} instead of ${config.epochs} epochs`,
    );
    config.epochs = Math.max(opts.config.epochs, ckpt.state.epoch);
  }
  if (ckpt != null && JSON.stringify(ckpt.state.classes) !== JSON.stringify(data.classes)) {
    throw new Error(`classes in ${opts.dataDir} differ from the checkpoint's`);
  }
  const numClasses = data.classes.length;
  const model = buildModel({ width: config.width, classes: numClasses, seed: config.seed });
  const optimizer = makeOptimizer(config);
  const state: TrainState = ckpt?.state ?? {
    config,
    classes: data.classes,
    epoch: 0,
    step: 0,
    rngState: new SeededRandom(config.seed).state,
    bestAcc: -1,
    history: [],
  };
  if (ckpt != null) {
    await restoreCheckpoint(ckpt, model, optimizer);
    log(`resumed from ${ckptFile}: epoch ${state.epoch}, step ${state.step}`);
  }
  const trainCount = config.maxTrain > 0 ? Math.min(config.maxTrain, data.train.count) : data.train.count;
  const bs = Math.min(config.batchSize, trainCount);
  const stepsPerEpoch = Math.floor(trainCount / bs);
  let totalSteps = stepsPerEpoch * config.epochs;
  const schedule = { peak: config.lr, warmup: config.warmup, startFraction: 0.1 };
  const augment = { pad: config.cropPad, flip: true };
  const buf = new Float32Array(bs * IMAGE_BYTES);
  const rng = new SeededRandom(0);
  rng.state = state.rngState;
  log(
    `training ${model.name} (${model.countParams()} params) on ${tf.getBackend()}: ${trainCount} train / ` +
      `${data.test.count} test images, ${config.epochs} epochs x ${stepsPerEpoch} steps of ${bs}`,
  );
  const logEvery = opts.logEvery ?? 50;
  const stopAt = opts.stopAfter != null ? state.epoch + opts.stopAfter : Number.POSITIVE_INFINITY;
  while (state.epoch < config.epochs && state.epoch < stopAt) {
    const t0 = performance.now();
    const order = rng
      .shuffle(Uint32Array.from({ length: data.train.count }, (_, i) => i))
      .subarray(0, trainCount);
    let dataMs = 0;
    let stepMs = 0;
    let lossSum = 0;
    let correct = 0;
    let lr = 0;
    for (let s = 0; s < stepsPerEpoch; s++) {
      const ta = performance.now();
      const labels = makeBatch(data.train, order.subarray(s * bs, (s + 1) * bs), buf, augment, rng);
      const tb = performance.now();
      lr = oneCycleLr(state.step, totalSteps, schedule);
      optimizer.setLearningRate(lr);
      const r = trainStep(model, optimizer, buf, labels, {
        labelSmoothing: config.labelSmoothing,
        weightDecay: config.weightDecay,
      });
      const tc = performance.now();
      dataMs += tb - ta;
      stepMs += tc - tb;
      lossSum += r.loss;
      correct += r.correct;
      state.step++;
      if (!Number.isFinite(r.loss)) throw new Error(`loss became ${r.loss} at step ${state.step}`);
      if (logEvery > 0 && (s + 1) % logEvery === 0) {
        const done = s + 1;
        log(
          `  epoch ${state.epoch + 1} step ${done}/${stepsPerEpoch} loss ${(lossSum / done).toFixed(4)} ` +
            `acc ${((100 * correct) / (done * bs)).toFixed(2)}% lr ${lr.toFixed(4)} ` +
            `${((done * bs * 1000) / (dataMs + stepMs)).toFixed(1)} img/s`,
        );
      }
    }
    const te = performance.now();
    const acc = evaluateSplit(model, data.test, numClasses);
    const evalMs = performance.now() - te;
    state.epoch++;
    const seen = stepsPerEpoch * bs;
    const rec: EpochRecord = {
      epoch: state.epoch,
      loss: lossSum / stepsPerEpoch,
      trainAcc: correct / seen,
      testAcc: acc.accuracy,
      lr,
      seconds: (performance.now() - t0) / 1000,
      imagesPerSec: (seen * 1000) / (dataMs + stepMs),
      dataSec: dataMs / 1000,
      stepSec: stepMs / 1000,
      evalSec: evalMs / 1000,
    };
    state.history.push(rec);
    state.rngState = rng.state;
    if (acc.accuracy > state.bestAcc) {
      state.bestAcc = acc.accuracy;
      await saveLayersModel(model, join(opts.outDir, 'best'), {
        classes: data.classes,
        epoch: state.epoch,
        testAccuracy: acc.accuracy,
        input: 'RGB [N,32,32,3] scaled to [0,1] (x/255)',
        output: 'logits',
      });
    }
    writeFileAtomicSync(join(opts.outDir, 'history.json'), `${JSON.stringify(state.history, null, 2)}\n`);
    if (opts.deadline != null && state.epoch < config.epochs) {
      const recent = state.history.slice(-2).map((h) => h.seconds);
      const pace = recent.reduce((a, b) => a + b, 0) / recent.length;
      const fits = Math.floor((opts.deadline.getTime() - Date.now()) / 1000 / pace);
      const epochs = Math.max(state.epoch, Math.min(config.epochs, state.epoch + fits));
      if (epochs < config.epochs) {
        log(`deadline ${opts.deadline.toISOString()}: reducing epochs from ${config.epochs} to ${epochs}`);
        config.epochs = epochs;
        totalSteps = stepsPerEpoch * epochs;
      }
    }
    await saveCheckpoint(ckptFile, model, optimizer, state);
    log(
      `epoch ${rec.epoch}/${config.epochs} loss ${rec.loss.toFixed(4)} train acc ${(100 * rec.trainAcc).toFixed(2)}% ` +
        `test acc ${(100 * rec.testAcc).toFixed(2)}% lr ${lr.toFixed(4)} time ${rec.seconds.toFixed(1)} s ` +
        `${rec.imagesPerSec.toFixed(1)} img/s (data ${rec.dataSec.toFixed(1)} s, steps ${rec.stepSec.toFixed(1)} s, ` +
        `eval ${rec.evalSec.toFixed(1)} s)${state.bestAcc === acc.accuracy ? ' *best' : ''}`,
    );
  }
  if (!existsSync(join(opts.outDir, 'best'))) log('warning: no best model was saved');
  optimizer.dispose();
  return { state, model };
}
