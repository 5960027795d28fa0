import { type CamMethodName, createScoreCamCache, explain } from '@gradcam/core';
import type { Split } from '../data/dataset.js';
import { inputBatch } from './image-input.js';
import type { Phase } from './phase-progress.js';
import type { ResultCache } from './result-cache.js';
import type { StudyModel } from './study-model.js';

/** Maps of one method at the input's 32x32, in `[0, 1]`, by {@link mapKey}. */
export type MapStore = Map<string, Float32Array>;

/** The maps of one method, and the images whose maps were computed in this run (not read from the cache). */
export interface ComputedMaps {
  readonly maps: MapStore;
  readonly fresh: Set<number>;
}

/** The key of the map of image `index` for class `classIndex` in a {@link MapStore}. */
export function mapKey(index: number, classIndex: number): string {
  return `${index}:${classIndex}`;
}

/** Arguments of {@link computeMaps}. */
export interface ComputeMapsRequest {
  readonly model: StudyModel;
  readonly split: Split;
  readonly method: CamMethodName;
  /** Per image index, the classes whose maps are wanted (one or two). */
  readonly wanted: ReadonlyMap<number, readonly number[]>;
  /** Images per explain call. @default 32 */
  readonly batchImages?: number;
  readonly cache: ResultCache;
  /** Advanced by the number of images of each batch. */
  readonly phase?: Phase;
  /**
   * Compute only the batches `b` with `b % shard.count === shard.index`; other batches are returned when they are in
   * the cache and left out when not.
   */
  readonly shard?: Shard;
}

/** One of `count` processes that share the work: batch `b` belongs to process `b % count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Images of the split per cache block. */
const CACHE_BLOCK = 500;

/** Masked inputs per forward call of Score-CAM. */
const SCORE_CAM_BATCH = 128;

/**
 * Computes the maps of one method for the images and classes wanted, `batchImages` images per `explain` call,
 * each image's classes in rounds over the same input batch: the first class of every image, then the second of
 * those that have one. Score-CAM's masked inputs do not depend on the class, so the rounds share one
 * {@link createScoreCamCache}: the second class of a misclassified image costs no forward pass. Each batch's maps
 * are cached on disk.
 */
export async function computeMaps(request: ComputeMapsRequest): Promise<ComputedMaps> {
  const { model, split, method, wanted, cache, phase } = request;
  const batchImages = request.batchImages ?? 32;
  const images = [...wanted.keys()].sort((a, b) => a - b);
  const store: MapStore = new Map();
  const fresh = new Set<number>();
  const area = 32 * 32;
  // Batches never straddle a block of the split, so a change to the images wanted (another gallery size, say)
  // changes the cache keys of the blocks it touches only.
  const chunks: number[][] = [];
  for (const index of images) {
    const last = chunks.at(-1);
    if (
      last &&
      last.length < batchImages &&
      Math.floor(last[0]! / CACHE_BLOCK) === Math.floor(index / CACHE_BLOCK)
    )
      last.push(index);
    else chunks.push([index]);
  }
  for (const [number, chunk] of chunks.entries()) {
    const mine = !request.shard || number % request.shard.count === request.shard.index;
    const jobs = chunk.flatMap((index) => wanted.get(index)!.map((classIndex) => ({ index, classIndex })));
    const key = [
      'maps/v1',
      model.fingerprint,
      model.preprocessName,
      model.layer.name,
      method,
      jobs.map((job) => mapKey(job.index, job.classIndex)).join(';'),
    ].join('|');
    let maps = cache.readFloats(key);
    const cached = maps !== undefined;
    // Another shard's batch: use it when that shard has finished it, never compute it here.
    if (!maps && !mine) continue;
    if (!maps) {
      maps = new Float32Array(jobs.length * area);
      const input = inputBatch(split, chunk, model);
      const scoreCam = { cache: createScoreCamCache(), batchSize: SCORE_CAM_BATCH };
      const rounds = Math.max(...chunk.map((index) => wanted.get(index)!.length));
      const position = new Map(jobs.map((job, row) => [mapKey(job.index, job.classIndex), row]));
      for (let round = 0; round < rounds; round++) {
        const classes = chunk.map((index) => {
          const list = wanted.get(index)!;
          return list[Math.min(round, list.length - 1)]!;
        });
        const explanation = await explain({
          backend: model.backend,
          input,
          layer: model.layer.name,
          method,
          methodOptions: { scorecam: scoreCam },
          target: { kind: 'class', index: classes },
        });
        explanation.samples.forEach((sample, row) => {
          const list = wanted.get(chunk[row]!)!;
          if (round >= list.length) return;
          maps!.set(sample.map.data, position.get(mapKey(chunk[row]!, classes[row]!))! * area);
        });
      }
      cache.writeFloats(key, maps);
      for (const index of chunk) fresh.add(index);
    }
    jobs.forEach((job, row) => {
      store.set(mapKey(job.index, job.classIndex), maps!.slice(row * area, (row + 1) * area));
    });
    phase?.advance(chunk.length, cached);
  }
  return { maps: store, fresh };
}
