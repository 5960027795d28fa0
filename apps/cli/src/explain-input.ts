import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { type Backend, type CamMethodName, explain, writeNpy } from '@gradcam/core';
import { type ColormapName, colorize, overlay, resizeImage } from '@gradcam/viz';
import { writeImage } from '@gradcam/viz/node';
import { formatError } from './format-error.js';
import { loadInput } from './load-input.js';
import type { PreprocessSpec } from './preprocess.js';
import type { InputRecord, Prediction, ResultRecord } from './records.js';

/** Everything needed to explain one input, shared by all inputs of a run. */
export interface ExplainSettings {
  /** Where to write. */
  readonly outDir: string;
  /** Methods to run. */
  readonly methods: readonly CamMethodName[];
  /** Classes to explain (indices); empty: the top-1 class. */
  readonly classes: readonly number[];
  /** Layer (default: automatic). */
  readonly layer?: string;
  /** Labels of the classes. */
  readonly labels?: readonly string[];
  /** How images become tensors. */
  readonly preprocess: PreprocessSpec;
  /** Colormap of the images. */
  readonly colormap: ColormapName;
  /** Heat map weight in the overlay. */
  readonly alpha: number;
  /** Image format. */
  readonly format: 'png' | 'jpg';
  /** Also write `.npy` maps. */
  readonly npy: boolean;
}

const safe = (text: string) =>
  text
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60) || 'x';

/** Top-k predictions with softmax probabilities. */
export function topPredictions(
  scores: Float32Array,
  labels: readonly string[] | undefined,
  k = 5,
): Prediction[] {
  const peak = Math.max(...scores);
  const exps = Array.from(scores, (score) => Math.exp(score - peak));
  const sum = exps.reduce((total, value) => total + value, 0);
  return Array.from(scores, (score, index) => ({ index, score, probability: exps[index]! / sum }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((p) => ({ ...p, ...(labels?.[p.index] !== undefined ? { label: labels[p.index]! } : {}) }));
}

/**
 * Explains one input file with every method and class asked for, writes the images (and `.npy` maps), and
 * returns what was done. Failures are caught and recorded, so one bad file does not stop a folder.
 *
 * @param stem - a unique file-name stem for this input's outputs.
 */
export async function explainInput(
  backend: Backend,
  path: string,
  stem: string,
  settings: ExplainSettings,
): Promise<InputRecord> {
  const started = performance.now();
  try {
    const { tensor, image } = await loadInput(path, settings.preprocess, backend.input);
    await mkdir(settings.outDir, { recursive: true });
    let original: string | undefined;
    if (image) {
      original = join(settings.outDir, `${stem}.input.${settings.format}`);
      const longest = Math.max(image.width, image.height);
      const shown =
        longest > 448
          ? resizeImage(
              image,
              {
                height: Math.round((image.height * 448) / longest),
                width: Math.round((image.width * 448) / longest),
              },
              {
                method: 'area',
              },
            )
          : image;
      if (extname(path).toLowerCase() === `.${settings.format}` && shown === image)
        await copyFile(path, original);
      else await writeImage(original, shown);
    }
    const results: ResultRecord[] = [];
    let predictions: Prediction[] = [];
    const targets = settings.classes.length > 0 ? settings.classes : [undefined];
    for (const method of settings.methods) {
      for (const classIndex of targets) {
        const explanation = await explain({
          backend,
          input: tensor,
          method,
          ...(settings.layer ? { layer: settings.layer } : {}),
          target: classIndex === undefined ? { kind: 'top' } : { kind: 'class', index: classIndex },
        });
        const sample = explanation.samples[0]!;
        if (predictions.length === 0) predictions = topPredictions(sample.scores, settings.labels);
        const explained = sample.classIndex ?? 0;
        const label = settings.labels?.[explained];
        const name = `${stem}.${safe(method)}.${explained}${label ? `-${safe(label.split(',')[0]!)}` : ''}`;
        const files: ResultRecord['files'] = {};
        const heat = colorize(sample.map, { colormap: settings.colormap });
        files.heatmap = join(settings.outDir, `${name}.heatmap.${settings.format}`);
        await writeImage(files.heatmap, heat);
        if (image) {
          files.overlay = join(settings.outDir, `${name}.overlay.${settings.format}`);
          await writeImage(
            files.overlay,
            overlay(image, sample.map, { colormap: settings.colormap, alpha: settings.alpha }),
          );
        }
        if (settings.npy) {
          files.mapNpy = join(settings.outDir, `${name}.map.npy`);
          await writeFile(files.mapNpy, writeNpy(sample.map.data, [sample.map.height, sample.map.width]));
          files.coarseNpy = join(settings.outDir, `${name}.coarse.npy`);
          await writeFile(
            files.coarseNpy,
            writeNpy(sample.coarse.data, [sample.coarse.height, sample.coarse.width]),
          );
        }
        results.push({
          method: explanation.method,
          layer: explanation.layer,
          classIndex: explained,
          ...(label !== undefined ? { label } : {}),
          files,
          warnings: explanation.warnings.map((warning) => warning.message),
          timings: explanation.timings,
        });
      }
    }
    return {
      input: path,
      ...(original ? { original } : {}),
      predictions,
      results,
      totalMs: performance.now() - started,
    };
  } catch (error) {
    return {
      input: path,
      predictions: [],
      results: [],
      error: formatError(error),
      totalMs: performance.now() - started,
    };
  }
}

/** Unique output stems for a list of inputs (file names without extension; repeated names get a suffix). */
export function outputStems(paths: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return paths.map((path) => {
    const stem = safe(basename(path, extname(path)));
    const count = seen.get(stem) ?? 0;
    seen.set(stem, count + 1);
    return count === 0 ? stem : `${stem}-${count + 1}`;
  });
}
