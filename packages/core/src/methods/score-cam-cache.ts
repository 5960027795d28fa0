import type { Backend } from '../backend/v1/backend-v1.js';

/**
 * Remembers the scores of Score-CAM's masked inputs between calls.
 *
 * Score-CAM's masked inputs depend on the input, the backend and the layer, not on the class explained. Pass the
 * same cache to several Score-CAM calls on the same input (for example the predicted and the true class of a
 * misclassified image) and every masked input runs through the model once: later calls read all classes' scores
 * from the cache.
 *
 * Entries are keyed by the backend, the layer and the sample's place in memory (the input's `ArrayBuffer`, byte
 * offset and size), held weakly: they are dropped with the input's buffer. Do not change an input's values
 * between calls that share a cache.
 */
export interface ScoreCamCache {
  /** The scores (all classes) of the input masked by `channel`, when a previous call computed them. */
  get(sample: ScoreCamSampleKey, channel: number): Float32Array | undefined;
  /** Stores the scores (all classes) of the input masked by `channel`. */
  set(sample: ScoreCamSampleKey, channel: number, scores: Float32Array): void;
  /** Masked inputs read from the cache so far. */
  readonly hits: number;
  /** Masked inputs that had to run so far. */
  readonly misses: number;
}

/** Where one sample of a Score-CAM call is: what {@link ScoreCamCache} entries are keyed by. */
export interface ScoreCamSampleKey {
  /** The backend the masked inputs ran through. */
  readonly backend: Backend;
  /** The layer whose channels mask the input. */
  readonly layer: string;
  /** The input data the sample belongs to. */
  readonly data: Float32Array;
  /** The sample's first element in `data`. */
  readonly start: number;
  /** Elements per sample. */
  readonly size: number;
}

/**
 * A new, empty {@link ScoreCamCache}; pass it as `createScoreCam({ cache })` or
 * `explain({ methodOptions: { scorecam: { cache } } })`.
 *
 * @example
 * ```ts
 * const cache = createScoreCamCache();
 * const methodOptions = { scorecam: { cache } };
 * const predicted = await explain({ backend, input, method: 'scorecam', methodOptions });
 * const truth = await explain({ backend, input, method: 'scorecam', methodOptions, target: classTarget(3) });
 * // the second call ran no masked input: cache.hits === cache.misses
 * ```
 */
export function createScoreCamCache(): ScoreCamCache {
  const byBackend = new WeakMap<Backend, WeakMap<ArrayBufferLike, Map<string, Float32Array>>>();
  const entryKey = (sample: ScoreCamSampleKey, channel: number) =>
    `${sample.layer}\u0000${sample.data.byteOffset + sample.start * 4}\u0000${sample.size}\u0000${channel}`;
  const entries = (sample: ScoreCamSampleKey, create: boolean) => {
    let byBuffer = byBackend.get(sample.backend);
    if (!byBuffer) {
      if (!create) return undefined;
      byBuffer = new WeakMap();
      byBackend.set(sample.backend, byBuffer);
    }
    let map = byBuffer.get(sample.data.buffer);
    if (!map && create) {
      map = new Map();
      byBuffer.set(sample.data.buffer, map);
    }
    return map;
  };
  const cache = {
    hits: 0,
    misses: 0,
    get(sample: ScoreCamSampleKey, channel: number) {
      const found = entries(sample, false)?.get(entryKey(sample, channel));
      if (found) cache.hits++;
      else cache.misses++;
      return found;
    },
    set(sample: ScoreCamSampleKey, channel: number, scores: Float32Array) {
      entries(sample, true)!.set(entryKey(sample, channel), scores);
    },
  };
  return cache;
}
