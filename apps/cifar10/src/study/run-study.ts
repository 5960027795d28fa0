import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CamMethodName } from '@gradcam/core';
import { writeFileAtomicSync } from '@gradcam/viz/node';
import { CIFAR10_CLASSES } from '../data/class-order.js';
import { DataError } from '../data/data-error.js';
import { IMAGE_BYTES, type Split } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import type { Shard } from './compute-maps.js';
import { measureAgreement } from './measure-agreement.js';
import { PhaseProgress } from './phase-progress.js';
import { renderReport } from './report-html.js';
import { ResultCache } from './result-cache.js';
import { type ModelOpeners, openStudyModel, type StudyModel, type StudyModelRequest } from './study-model.js';
import { studyOneModel } from './study-one-model.js';
import type { Agreement, ModelReport, StudyReport } from './study-report.js';

/** Everything a study run needs. */
export interface StudyOptions {
  /** The CIFAR-10 folder (`test/<class>/*.jpg`, `labels.txt`). */
  readonly dataDir: string;
  /** The report's folder. */
  readonly outDir: string;
  /** The models, in report order. */
  readonly models: readonly StudyModelRequest[];
  readonly methods: readonly CamMethodName[];
  /** Images in the faithfulness sample. */
  readonly metricsSample: number;
  /** Correct images per class in the gallery. */
  readonly gallery: number;
  /** Most-confident images per class. */
  readonly confident: number;
  /** Steps of the deletion and insertion curves. */
  readonly steps: number;
  readonly seed: number;
  /** Study only the first N test images of each class (absent: all), for quick runs. */
  readonly perClass?: number;
  /** Where the decoded test images are cached. @default `<dataDir>/.cache-u8` */
  readonly imageCacheDir?: string;
  readonly openers: ModelOpeners;
  /**
   * Images on which the first tfjs model is compared with its ONNX export (written to `models/<name>.onnx` in the
   * report's folder), method by method. 0 or absent: no comparison.
   */
  readonly agreementImages?: number;
  /**
   * Compute only this share of the maps, then of the metrics whose maps are ready, into the cache, and write no
   * report: run `count` processes with indices `0..count-1` side by side into the same `outDir`, then one run
   * without a shard to finish (a second round of shards after the first picks up the metrics the first could not
   * start).
   */
  readonly shard?: Shard;
  /** One line per finished phase and per skipped file. */
  readonly log?: (line: string) => void;
  /** Where the progress bar is drawn (only when it is a TTY). @default process.stderr */
  readonly progressStream?: NodeJS.WriteStream;
}

/**
 * Runs the study and writes `index.html` and `study.json` into `outDir`, with the images beside them. The two
 * files are removed first and written last (atomically), so a folder holding them holds a finished report;
 * computed parts are cached in `outDir/.cache` and reused by the next run.
 *
 * @throws {@link DataError} for a missing or malformed data folder; `StudyError` for a bad model or option.
 */
export async function runStudy(options: StudyOptions): Promise<StudyReport | null> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const outDir = resolve(options.outDir);
  const skipped: string[] = [];
  const data = loadDataset(options.dataDir, {
    splits: ['test'],
    ...(options.imageCacheDir ? { cacheDir: options.imageCacheDir } : {}),
    onUnreadable: (file, problem) => {
      skipped.push(file);
      log(`skipped ${file}: ${problem}`);
    },
  });
  if (data.classes.join(',') !== CIFAR10_CLASSES.join(',')) {
    throw new DataError(
      `${options.dataDir} has the classes ${data.classes.join(', ')}; the study needs the 10 CIFAR-10 classes (${CIFAR10_CLASSES.join(', ')})`,
    );
  }
  const split = options.perClass === undefined ? data.test : firstPerClass(data.test, options.perClass);
  mkdirSync(outDir, { recursive: true });
  if (!options.shard)
    for (const name of ['index.html', 'study.json']) rmSync(join(outDir, name), { force: true });
  // One cache folder per set of test images: cached results name images by their index in the split.
  const cache = new ResultCache(join(outDir, '.cache', splitFingerprint(split)));
  const progress = new PhaseProgress(options.progressStream ?? process.stderr, log);
  const sizes = {
    gallery: options.gallery,
    confident: options.confident,
    metricsSample: options.metricsSample,
    seed: options.seed,
  };
  const reports: ModelReport[] = [];
  const usedNames = new Set<string>();
  for (const request of options.models) {
    const opened = await openStudyModel(request, options.openers);
    const model: StudyModel = { ...opened, name: uniqueName(opened.name, usedNames) };
    try {
      const report = await studyOneModel(model, split, data.classes, {
        methods: options.methods,
        sizes,
        steps: options.steps,
        outDir,
        cache,
        progress,
        ...(options.shard ? { shard: options.shard } : {}),
      });
      if (report) reports.push(report);
    } finally {
      await model.dispose();
    }
  }
  if (options.shard) return null;
  const tfjsModel = reports.find((model) => model.runtime === 'tfjs');
  let agreement: Agreement | null = null;
  if (tfjsModel && (options.agreementImages ?? 0) > 0) {
    agreement = await measureAgreement({
      modelJson: tfjsModel.path,
      preprocess: tfjsModel.preprocess.preset,
      layer: tfjsModel.layer.name,
      split,
      methods: options.methods,
      images: options.agreementImages!,
      exportPath: join(outDir, 'models', `${tfjsModel.name}.onnx`),
      reportDir: outDir,
      openers: options.openers,
      cache,
      progress,
    });
  }
  const report: StudyReport = {
    version: 1,
    createdAt: new Date().toISOString(),
    data: { folder: resolve(options.dataDir), split: 'test', images: split.count, skipped },
    classes: data.classes,
    options: {
      methods: [...options.methods],
      metricsSample: options.metricsSample,
      gallery: options.gallery,
      confident: options.confident,
      steps: options.steps,
      seed: options.seed,
    },
    models: reports,
    agreement,
    timings: {
      totalSeconds: (Date.now() - started) / 1000,
      // The models' phases as they report them (with the timing of the run that computed a cached phase), then the rest.
      phases: [
        ...reports.flatMap((model) => model.timings),
        ...progress.timings.filter((timing) => !timing.model),
      ],
    },
  };
  writeFileAtomicSync(join(outDir, 'study.json'), `${JSON.stringify(report, null, 1)}\n`);
  writeFileAtomicSync(join(outDir, 'index.html'), renderReport(report));
  return report;
}

/** The first `count` images of each class of a split, in split order. */
function firstPerClass(split: Split, count: number): Split {
  const seen = new Map<number, number>();
  const keep: number[] = [];
  for (let index = 0; index < split.count; index++) {
    const label = split.labels[index]!;
    const taken = seen.get(label) ?? 0;
    if (taken < count) keep.push(index);
    seen.set(label, taken + 1);
  }
  const images = new Uint8Array(keep.length * IMAGE_BYTES);
  keep.forEach((index, row) => {
    images.set(split.images.subarray(index * IMAGE_BYTES, (index + 1) * IMAGE_BYTES), row * IMAGE_BYTES);
  });
  return {
    images,
    labels: Uint8Array.from(keep, (index) => split.labels[index]!),
    count: keep.length,
    files: keep.map((index) => split.files[index]!),
  };
}

/** A short hash of a split's files, pixels and labels. */
export function splitFingerprint(split: Split): string {
  return createHash('sha256')
    .update(split.files.join('\n'))
    .update(split.images)
    .update(split.labels)
    .digest('hex')
    .slice(0, 16);
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let suffix = 2; used.has(candidate); suffix++) candidate = `${name}-${suffix}`;
  used.add(candidate);
  return candidate;
}
