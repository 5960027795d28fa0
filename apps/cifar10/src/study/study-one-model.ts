import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CamMethodName } from '@gradcam/core';
import type { Split } from '../data/dataset.js';
import { classify } from './classification.js';
import { computeMaps, type MapStore, mapKey, type Shard } from './compute-maps.js';
import { type MethodMetrics, measureFaithfulness } from './faithfulness.js';
import { findingsFor } from './findings.js';
import { rgbaImage } from './image-input.js';
import { type SelectionSizes, selectImages } from './image-selection.js';
import type { PhaseProgress, PhaseTiming } from './phase-progress.js';
import { predictSplit } from './predict-split.js';
import { upscale, writeEnlarged, writeOverlay } from './render-images.js';
import type { ResultCache } from './result-cache.js';
import type { StudyModel } from './study-model.js';
import type { Failure, ModelReport, ShownImage } from './study-report.js';

/** Options of {@link studyOneModel}. */
export interface StudyOneModelOptions {
  readonly methods: readonly CamMethodName[];
  readonly sizes: SelectionSizes;
  /** Steps of the deletion and insertion curves. */
  readonly steps: number;
  /** Folder of the report. */
  readonly outDir: string;
  readonly cache: ResultCache;
  readonly progress: PhaseProgress;
  /** Compute only this share of the maps and of the metrics, and stop there (no images or report). */
  readonly shard?: Shard;
}

/**
 * Everything the study does for one model: predictions, accuracy and confusion, maps of the failures (predicted
 * and true class), of a gallery and of the most confident images per class, faithfulness metrics, and the images
 * of the report. With `options.shard`, only that share of the maps, then of the metrics whose maps are at hand
 * (into the cache), and `null`.
 */
export async function studyOneModel(
  model: StudyModel,
  split: Split,
  classes: readonly string[],
  options: StudyOneModelOptions,
): Promise<ModelReport | null> {
  const { progress, cache, methods } = options;
  const label = (phase: string) => ({ model: model.name, phase });
  const runKey = [
    model.fingerprint,
    model.preprocessName,
    model.layer.name,
    options.steps,
    JSON.stringify(options.sizes),
    split.count,
  ].join('|');
  // A phase computed in full is remembered; one read in full from the cache shows when the computing run took.
  const remember = (timing: PhaseTiming): PhaseTiming => {
    const key = `timing/v1|${runKey}|${timing.phase}`;
    if (timing.cached === 0) {
      cache.writeJson(key, timing);
      return timing;
    }
    const earlier = timing.cached === timing.items ? cache.readJson<PhaseTiming>(key) : undefined;
    return earlier ? { ...timing, computedEarlier: earlier } : timing;
  };
  const predictPhase = progress.start(label('predict'), split.count, 'images');
  const predictions = await predictSplit(model, split, cache, predictPhase);
  const predictTiming = predictPhase.end();
  const { predicted, probabilities } = predictions;
  const summary = classify(split.labels, predicted, classes.length);
  const selection = selectImages(predictions, options.sizes);

  const wanted = new Map<number, number[]>();
  const want = (index: number, classIndex: number) => {
    const list = wanted.get(index) ?? [];
    if (!list.includes(classIndex)) list.push(classIndex);
    wanted.set(index, list);
  };
  for (const index of selection.failures) {
    want(index, predicted[index]!);
    want(index, split.labels[index]!);
  }
  for (const index of [...selection.gallery.flat(), ...selection.confident.flat()])
    want(index, split.labels[index]!);
  for (const index of selection.metricsSample) want(index, predicted[index]!);

  const maps = new Map<string, MapStore>();
  const fresh = new Set<number>();
  const timings = [remember(predictTiming)];
  const shard = options.shard;
  for (const method of methods) {
    const phase = progress.start(
      label(`maps ${method}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}`),
      wanted.size,
      'images',
    );
    const computed = await computeMaps({
      model,
      split,
      method,
      wanted,
      cache,
      phase,
      ...(shard ? { shard } : {}),
    });
    maps.set(method, computed.maps);
    for (const index of computed.fresh) fresh.add(index);
    timings.push(remember(phase.end()));
  }
  const metrics: Record<string, MethodMetrics> = {};
  for (const method of methods) {
    const phase = progress.start(
      label(`metrics ${method}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}`),
      selection.metricsSample.length,
      'images',
    );
    metrics[method] = await measureFaithfulness({
      model,
      split,
      method,
      sample: selection.metricsSample,
      predicted,
      maps: maps.get(method)!,
      steps: options.steps,
      cache,
      phase,
      ...(shard ? { shard } : {}),
    });
    timings.push(remember(phase.end()));
  }
  if (shard) return null;

  const shown = new Set([...selection.failures, ...selection.gallery.flat(), ...selection.confident.flat()]);
  const renderPhase = progress.start(label('images'), shown.size, 'images');
  const stem = (index: number) => split.files[index]!.replace(/\.[^.]+$/, '');
  const imagePath = (index: number) => `images/${stem(index)}.png`;
  const mapPath = (method: string, index: number, classIndex: number) =>
    `maps/${model.name}/${method}/${stem(index)}-${classes[classIndex]}.png`;
  for (const index of shown) {
    const files = wanted
      .get(index)!
      .flatMap((classIndex) =>
        methods.map((method) => ({ method, classIndex, path: mapPath(method, index, classIndex) })),
      );
    // Maps read from the cache are the ones already drawn: draw only what is new or missing.
    const missing = (path: string) => fresh.has(index) || !existsSync(join(options.outDir, path));
    const todo = files.filter((file) => missing(file.path));
    if (todo.length === 0 && !missing(imagePath(index))) {
      renderPhase.advance(1, true);
      continue;
    }
    const enlarged = upscale(rgbaImage(split, index));
    if (missing(imagePath(index))) writeEnlarged(options.outDir, imagePath(index), enlarged);
    for (const { method, classIndex, path } of todo) {
      writeOverlay(options.outDir, path, enlarged, maps.get(method)!.get(mapKey(index, classIndex))!);
    }
    renderPhase.advance(1);
  }
  timings.push(renderPhase.end());

  const probability = (index: number, classIndex: number) =>
    probabilities[index * classes.length + classIndex]!;
  const shownImage = (index: number): ShownImage => {
    const truth = split.labels[index]!;
    return {
      file: split.files[index]!,
      image: imagePath(index),
      probability: probability(index, truth),
      maps: Object.fromEntries(methods.map((method) => [method, mapPath(method, index, truth)])),
    };
  };
  const failures = selection.failures.map((index): Failure => {
    const truth = split.labels[index]!;
    const guess = predicted[index]!;
    return {
      file: split.files[index]!,
      image: imagePath(index),
      trueClass: classes[truth]!,
      predictedClass: classes[guess]!,
      probabilities: { predicted: probability(index, guess), true: probability(index, truth) },
      maps: Object.fromEntries(
        methods.map((method) => [
          method,
          { predicted: mapPath(method, index, guess), true: mapPath(method, index, truth) },
        ]),
      ),
    };
  });
  const byClass = (lists: number[][]) =>
    Object.fromEntries(classes.map((name, classIndex) => [name, lists[classIndex]!.map(shownImage)]));
  return {
    name: model.name,
    runtime: model.runtime,
    path: model.path,
    fingerprint: model.fingerprint,
    preprocess: { preset: model.preprocessName, description: model.preprocessText },
    layer: model.layer,
    images: split.count,
    accuracy: summary.accuracy,
    perClass: Object.fromEntries(classes.map((name, classIndex) => [name, summary.perClass[classIndex]!])),
    confusion: summary.confusion,
    predictions: Array.from({ length: split.count }, (_, index) => ({
      file: split.files[index]!,
      trueClass: classes[split.labels[index]!]!,
      predictedClass: classes[predicted[index]!]!,
      probability: probability(index, predicted[index]!),
    })),
    failures,
    gallery: byClass(selection.gallery),
    confident: byClass(selection.confident),
    metrics,
    timings,
    findings: findingsFor(model.fingerprint),
  };
}
