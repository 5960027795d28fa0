import { averageDropAndIncrease, type Baseline, deletionInsertion } from '@gradcam/metrics';
import type { PreprocessSpec } from '@gradcam/viz';
import type { Split } from '../data/dataset.js';
import { type MapStore, mapKey, type Shard } from './compute-maps.js';
import { inputBatch } from './image-input.js';
import type { Phase } from './phase-progress.js';
import type { ResultCache } from './result-cache.js';
import type { StudyModel } from './study-model.js';

/** The faithfulness of one method's maps over the metrics sample (softmax probability of the predicted class). */
export interface MethodMetrics {
  /** Average Drop, percent (lower is better). */
  readonly averageDrop: number;
  /** Increase in Confidence, percent (higher is better). */
  readonly increaseInConfidence: number;
  /** Mean deletion AUC (lower is better). */
  readonly deletionAuc: number;
  /** Mean insertion AUC (higher is better). */
  readonly insertionAuc: number;
  /** Images measured. */
  readonly images: number;
  /** Mean deletion curve, from the input (x = 0) to all pixels deleted (x = 1). */
  readonly deletionCurve: number[];
  /** Mean insertion curve, from the baseline (x = 0) to the input (x = 1). */
  readonly insertionCurve: number[];
}

/** Per-image results of one chunk, as cached. */
interface ChunkResult {
  original: number[];
  explanation: number[];
  deletionAuc: number[];
  insertionAuc: number[];
  deletionCurves: number[][];
  insertionCurves: number[][];
}

/** Arguments of {@link measureFaithfulness}. */
export interface FaithfulnessRequest {
  readonly model: StudyModel;
  readonly split: Split;
  readonly method: string;
  /** The images measured. */
  readonly sample: readonly number[];
  /** Per image of the split, the predicted class: the class whose probability the metrics follow. */
  readonly predicted: ArrayLike<number>;
  /** The method's maps, with each sampled image's predicted-class map. */
  readonly maps: MapStore;
  /** Steps of the deletion and insertion curves. */
  readonly steps: number;
  readonly cache: ResultCache;
  /** Advanced by the images of each chunk. */
  readonly phase?: Phase;
  /**
   * Measure only the chunks `c` with `c % shard.count === shard.index` whose maps are all at hand, into the cache;
   * the result then covers those chunks only.
   */
  readonly shard?: Shard;
}

/** Images per metric call (and cached chunk). */
const CHUNK = 50;
/** Perturbed inputs per forward call. */
const FORWARD_BATCH = 128;

/**
 * The value of a black pixel in the model's input space, when all channels share one mean and std (the
 * deletion baseline: deleted pixels become black for every model, whatever its normalisation); else `'zero'`.
 */
export function blackBaseline(spec: PreprocessSpec): Baseline {
  if (spec.mean.length !== 1 || spec.std.length !== 1) return 'zero';
  return 0 - spec.mean[0]! / spec.std[0]!;
}

/**
 * Average Drop and Increase in Confidence (`averageDropAndIncrease`) and the deletion and insertion AUCs
 * (`deletionInsertion`: deleted pixels become black, insertion starts from RISE's blur) from `@gradcam/metrics`, on
 * the sampled images with their predicted-class maps, `CHUNK` images per call, each chunk cached.
 */
export async function measureFaithfulness(request: FaithfulnessRequest): Promise<MethodMetrics> {
  const { model, split, method, sample, predicted, maps, steps, cache, phase } = request;
  const all: ChunkResult[] = [];
  for (let start = 0; start < sample.length; start += CHUNK) {
    const chunk = sample.slice(start, start + CHUNK);
    const { shard } = request;
    if (
      shard &&
      ((start / CHUNK) % shard.count !== shard.index ||
        chunk.some((index) => !maps.has(mapKey(index, predicted[index]!))))
    ) {
      continue;
    }
    const key = [
      'metrics/v1',
      model.fingerprint,
      model.preprocessName,
      model.layer.name,
      method,
      steps,
      chunk.join(','),
    ].join('|');
    let result = cache.readJson<ChunkResult>(key);
    const cached = result !== undefined;
    if (!result) {
      const input = inputBatch(split, chunk, model);
      const chunkMaps = chunk.map((index) => {
        const data = maps.get(mapKey(index, predicted[index]!));
        if (!data) throw new Error(`no ${method} map of image ${index} for its predicted class`);
        return { data, height: 32, width: 32 };
      });
      const common = {
        backend: model.backend,
        input,
        maps: chunkMaps,
        target: { kind: 'class' as const, index: chunk.map((index) => predicted[index]!) },
        batchSize: FORWARD_BATCH,
      };
      const drop = await averageDropAndIncrease(common);
      const causal = await deletionInsertion({
        ...common,
        steps,
        deletionBaseline: blackBaseline(model.preprocess),
        insertionBaseline: 'blur',
      });
      result = {
        original: Array.from(drop.originalScores),
        explanation: Array.from(drop.explanationScores),
        deletionAuc: Array.from(causal.deletion.auc),
        insertionAuc: Array.from(causal.insertion.auc),
        deletionCurves: causal.deletion.curves.map((curve) => Array.from(curve)),
        insertionCurves: causal.insertion.curves.map((curve) => Array.from(curve)),
      };
      cache.writeJson(key, result);
    }
    all.push(result);
    phase?.advance(chunk.length, cached);
  }
  return summarise(all);
}

function summarise(chunks: readonly ChunkResult[]): MethodMetrics {
  const original = chunks.flatMap((chunk) => chunk.original);
  const explanation = chunks.flatMap((chunk) => chunk.explanation);
  let dropSum = 0;
  let defined = 0;
  let increases = 0;
  original.forEach((y, index) => {
    const o = explanation[index]!;
    if (o > y) increases++;
    if (y > 0) {
      dropSum += (100 * Math.max(0, y - o)) / y;
      defined++;
    }
  });
  const mean = (values: number[]) =>
    values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
  const meanCurve = (curves: number[][]) =>
    (curves[0] ?? []).map((_, point) => mean(curves.map((curve) => curve[point]!)));
  return {
    averageDrop: defined > 0 ? dropSum / defined : Number.NaN,
    increaseInConfidence: (100 * increases) / Math.max(original.length, 1),
    deletionAuc: mean(chunks.flatMap((chunk) => chunk.deletionAuc)),
    insertionAuc: mean(chunks.flatMap((chunk) => chunk.insertionAuc)),
    images: original.length,
    deletionCurve: meanCurve(chunks.flatMap((chunk) => chunk.deletionCurves)),
    insertionCurve: meanCurve(chunks.flatMap((chunk) => chunk.insertionCurves)),
  };
}
