import { trapezoidAuc } from './auc.js';
import { type Baseline, baselineBuilder } from './baseline.js';
import { copyPixels } from './perturb.js';
import { salientOrder } from './pixel-order.js';
import {
  type MetricOptions,
  prepareMetric,
  runOriginal,
  runPerturbed,
  sampleData,
} from './prepare-metric.js';
import { createProgress } from './progress.js';

/** Options of {@link deletionInsertion}. */
export interface DeletionInsertionOptions extends MetricOptions {
  /**
   * Number of steps from the input to the baseline: each step changes `ceil(height * width / steps)` pixels
   * (the last one possibly fewer), so a curve has `ceil(height * width / pixelsPerStep) + 1` points. RISE
   * changes 224 pixels per step of a 224x224 image: `steps: 224` reproduces it.
   * @default 50
   */
  readonly steps?: number;
  /** What the deletion curve replaces pixels with. @default `'zero'` (as in RISE) */
  readonly deletionBaseline?: Baseline;
  /** What the insertion curve starts from. @default `'blur'` (RISE's 11x11, sigma 5 blur of the input) */
  readonly insertionBaseline?: Baseline;
}

/** One causal metric (deletion or insertion) over a batch. */
export interface CausalCurves {
  /**
   * Per sample, the score after `0, 1, ..., steps` steps (at `x = i / steps` of `[0, 1]`): from the input to
   * the baseline (deletion) or from the baseline to the input (insertion).
   */
  readonly curves: readonly Float64Array[];
  /** Per sample, the area under the curve (trapezoid rule over `[0, 1]`, RISE's `auc`). */
  readonly auc: Float64Array;
  /** Mean of {@link CausalCurves.auc} over the samples. */
  readonly meanAuc: number;
  /** The curves averaged over the samples, point by point. */
  readonly meanCurve: Float64Array;
}

/** Result of {@link deletionInsertion}. */
export interface DeletionInsertionResult {
  /** Deletion: the most salient pixels replaced by the baseline first. Lower AUC is better. */
  readonly deletion: CausalCurves;
  /** Insertion: the most salient pixels of the input put into the baseline first. Higher AUC is better. */
  readonly insertion: CausalCurves;
  /** Steps per curve (points per curve minus one). */
  readonly steps: number;
  /** Pixels changed per step (the last step may change fewer). */
  readonly pixelsPerStep: number;
  /** Per sample, the class followed (`null` for a weights target). */
  readonly classIndices: readonly (number | null)[];
}

/**
 * The deletion and insertion metrics of RISE (Petsiuk et al., BMVC 2018).
 *
 * Pixels are ranked by map value, descending (ties: lower index first). Deletion starts from the input and,
 * step by step, replaces the next `pixelsPerStep` pixels of the ranking (every channel) by the deletion
 * baseline; insertion starts from the insertion baseline and puts back the input's pixels in the same order.
 * The score is taken at every step, start and end included, and each curve's area is the trapezoid rule over
 * `x` in `[0, 1]` with evenly spaced steps. Perturbations happen in the preprocessed input space.
 *
 * The deletion curve's first point and the insertion curve's last are the original input's score (one pass
 * per sample, shared); the other `2 * steps` inputs of each sample run through `backend.forward` in batches.
 *
 * @throws `CapabilityNotSupportedError` (capability `'forward'`) when the backend cannot run forward;
 * `ShapeMismatchError` / `LayoutMismatchError` for a bad input or maps; `RangeError` for bad options.
 */
export async function deletionInsertion(options: DeletionInsertionOptions): Promise<DeletionInsertionResult> {
  const prepared = prepareMetric(options, 'deletionInsertion');
  const { batch, geometry } = prepared;
  const requested = options.steps ?? 50;
  if (!Number.isInteger(requested) || requested < 1) {
    throw new RangeError(`deletionInsertion: steps must be a positive integer, got ${requested}.`);
  }
  const buildDeletion = baselineBuilder(options.deletionBaseline ?? 'zero', 'deletionBaseline');
  const buildInsertion = baselineBuilder(options.insertionBaseline ?? 'blur', 'insertionBaseline');
  const pixelsPerStep = Math.ceil(geometry.pixels / requested);
  const steps = Math.ceil(geometry.pixels / pixelsPerStep);
  const changed = (step: number) => Math.min(step * pixelsPerStep, geometry.pixels);

  const progress = createProgress(batch * (1 + 2 * steps), options.onProgress);
  const original = await runOriginal(prepared, progress);
  const perSample = 2 * steps;
  let current: {
    sample: number;
    order: Uint32Array;
    deletion: Float32Array;
    insertion: Float32Array;
  } | null = null;
  const fill = (index: number, out: Float32Array) => {
    const sample = Math.floor(index / perSample);
    const source = sampleData(prepared, sample);
    if (current?.sample !== sample) {
      current = {
        sample,
        order: salientOrder(prepared.maps[sample]!),
        deletion: buildDeletion(source, geometry),
        insertion: buildInsertion(source, geometry),
      };
    }
    const local = index - sample * perSample;
    if (local < steps) {
      out.set(source);
      copyPixels(out, current.deletion, current.order, 0, changed(local + 1), geometry);
    } else {
      out.set(current.insertion);
      copyPixels(out, source, current.order, 0, changed(local - steps), geometry);
    }
  };
  const scores = await runPerturbed(prepared, original.scorer, perSample, fill, progress);

  const deletion: Float64Array[] = [];
  const insertion: Float64Array[] = [];
  for (let sample = 0; sample < batch; sample++) {
    const base = sample * perSample;
    const down = new Float64Array(steps + 1);
    const up = new Float64Array(steps + 1);
    down[0] = original.values[sample]!;
    up[steps] = original.values[sample]!;
    for (let step = 0; step < steps; step++) {
      down[step + 1] = scores[base + step]!;
      up[step] = scores[base + steps + step]!;
    }
    deletion.push(down);
    insertion.push(up);
  }
  return {
    deletion: summarise(deletion),
    insertion: summarise(insertion),
    steps,
    pixelsPerStep,
    classIndices: original.scorer.classIndices,
  };
}

function summarise(curves: Float64Array[]): CausalCurves {
  const auc = Float64Array.from(curves, (curve) => trapezoidAuc(curve));
  const length = curves[0]!.length;
  const meanCurve = new Float64Array(length);
  for (const curve of curves) for (let point = 0; point < length; point++) meanCurve[point]! += curve[point]!;
  for (let point = 0; point < length; point++) meanCurve[point]! /= curves.length;
  return { curves, auc, meanAuc: mean(auc), meanCurve };
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
