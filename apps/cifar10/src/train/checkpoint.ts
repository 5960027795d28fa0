import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '@gradcam/viz/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

const MAGIC = 'GCK1';

/** The checkpoint file inside an output folder. */
export function checkpointPath(outDir: string): string {
  return join(outDir, 'checkpoint.bin');
}

/** A tensor stored in a checkpoint. */
interface StoredTensor {
  group: 'model' | 'optimizer';
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  /** offset in 4-byte elements into the data section */
  offset: number;
}

/** The checkpoint file's content, decoded. */
export interface Checkpoint<S> {
  /** training state (epoch, step, rng, history, ...) */
  state: S;
  /** model weights in `model.weights` order (including BatchNorm moving statistics) */
  modelWeights: tf.Tensor[];
  /** optimizer state as given by `optimizer.getWeights()` */
  optimizerWeights: Array<{ name: string; tensor: tf.Tensor }>;
}

/**
 * Writes model weights, optimizer state and a JSON `state` into one file, atomically (temp file +
 * rename), so a crash never leaves a half-written checkpoint.
 * Layout: 'GCK1', uint32 header length, UTF-8 JSON header, then the tensors' raw 4-byte values.
 */
export async function saveCheckpoint<S>(
  path: string,
  model: LayersModel,
  optimizer: tf.Optimizer,
  state: S,
): Promise<void> {
  const optWeights = await optimizer.getWeights();
  const entries: Array<{ group: 'model' | 'optimizer'; name: string; tensor: tf.Tensor }> = [
    ...model.weights.map((w) => ({ group: 'model' as const, name: w.originalName, tensor: w.read() })),
    ...optWeights.map((w) => ({ group: 'optimizer' as const, name: w.name, tensor: w.tensor })),
  ];
  const tensors: StoredTensor[] = [];
  let offset = 0;
  for (const e of entries) {
    const dtype = e.tensor.dtype === 'int32' ? 'int32' : 'float32';
    tensors.push({ group: e.group, name: e.name, shape: e.tensor.shape, dtype, offset });
    offset += e.tensor.size;
  }
  const header = new TextEncoder().encode(JSON.stringify({ state, tensors }));
  const headerStart = 8;
  const dataStart = Math.ceil((headerStart + header.length) / 4) * 4;
  const buf = new Uint8Array(dataStart + offset * 4);
  buf.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(buf.buffer).setUint32(4, header.length, true);
  buf.set(header, headerStart);
  entries.forEach((e, i) => {
    const values = e.tensor.dataSync();
    const view =
      e.tensor.dtype === 'int32'
        ? new Int32Array(buf.buffer, dataStart + tensors[i]!.offset * 4, e.tensor.size)
        : new Float32Array(buf.buffer, dataStart + tensors[i]!.offset * 4, e.tensor.size);
    view.set(values as ArrayLike<number>);
  });
  for (const w of optWeights) if (w.name === 'iter') w.tensor.dispose();
  writeFileAtomicSync(path, buf);
}

/** Reads a checkpoint written by {@link saveCheckpoint}; `null` when the file does not exist. */
export function readCheckpoint<S>(path: string): Checkpoint<S> | null {
  if (!existsSync(path)) return null;
  const file = readFileSync(path);
  const buf = new Uint8Array(file.buffer, file.byteOffset, file.length);
  if (new TextDecoder().decode(buf.subarray(0, 4)) !== MAGIC) throw new Error(`${path} is not a checkpoint`);
  const headerLength = new DataView(buf.buffer, buf.byteOffset).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(8, 8 + headerLength))) as {
    state: S;
    tensors: StoredTensor[];
  };
  const dataStart = Math.ceil((8 + headerLength) / 4) * 4;
  const data = buf.slice(dataStart); // aligned copy
  const modelWeights: tf.Tensor[] = [];
  const optimizerWeights: Array<{ name: string; tensor: tf.Tensor }> = [];
  for (const t of header.tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    const values =
      t.dtype === 'int32'
        ? new Int32Array(data.buffer, t.offset * 4, size).slice()
        : new Float32Array(data.buffer, t.offset * 4, size).slice();
    const tensor = tf.tensor(values, t.shape, t.dtype);
    if (t.group === 'model') modelWeights.push(tensor);
    else optimizerWeights.push({ name: t.name, tensor });
  }
  return { state: header.state, modelWeights, optimizerWeights };
}

/** Loads a checkpoint's weights into `model` and `optimizer` and disposes the temporary tensors. */
export async function restoreCheckpoint<S>(ckpt: Checkpoint<S>, model: LayersModel, optimizer: tf.Optimizer) {
  model.setWeights(ckpt.modelWeights);
  await optimizer.setWeights(ckpt.optimizerWeights);
  tf.dispose(ckpt.modelWeights);
  tf.dispose(ckpt.optimizerWeights.map((w) => w.tensor));
}
