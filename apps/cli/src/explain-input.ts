import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Backend,
  type CamMethodName,
  explain,
  type TokenGridOptions,
  topK,
  writeNpy,
} from '@gradcam/core';
import {
  type ColormapName,
  colorize,
  drawBox,
  gradientImage,
  overlay,
  type PreprocessSpec,
  resizeImage,
} from '@gradcam/viz';
import { copyFileAtomic, writeFileAtomic, writeImage } from '@gradcam/viz/node';
import { formatError } from './format-error.js';
import { inputExtension, isUrlInput } from './input-source.js';
import { loadInput } from './load-input.js';
import { type OutputReader, planTargets, type TargetSettings } from './plan-targets.js';
import type { DetectionRecord, InputRecord, Prediction, ResultRecord } from './records.js';
import { resultFileName } from './result-file-name.js';

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
  /** How a token layer's tokens form a grid (default: inferred from the input size). */
  readonly tokens?: TokenGridOptions;
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
  /** What to explain beyond class scores (`--target` and its options). @default classification */
  readonly target?: Omit<TargetSettings, 'classes'>;
}

/** The top-5 predictions as `summary.json` records them (`index`, `label`, `probability`, `score`). */
function predictionsOf(scores: Float32Array, labels: readonly string[] | undefined): Prediction[] {
  return topK(scores, { k: 5, ...(labels ? { labels } : {}) }).map(
    ({ classIndex, label, probability, score }) => ({
      index: classIndex,
      ...(label !== undefined ? { label } : {}),
      probability,
      score,
    }),
  );
}

/**
 * Explains one input file with every method and class asked for, writes the images (and `.npy` maps), and
 * returns what was done. Failures are caught and recorded, so one bad file does not stop a folder. Every file is
 * written atomically (temporary file, then rename), and the same input with the same settings gives the same file
 * names and bytes, so running it again (another worker taking over a job) replaces its files with identical ones.
 *
 * @param stem - a unique file-name stem for this input's outputs.
 */
export async function explainInput(
  backend: Backend,
  path: string,
  stem: string,
  settings: ExplainSettings,
  reader: OutputReader = {},
): Promise<InputRecord> {
  const started = performance.now();
  try {
    const { tensor, image, storedUpright } = await loadInput(path, settings.preprocess, backend.input);
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
      if (
        !isUrlInput(path) &&
        inputExtension(path) === `.${settings.format}` &&
        shown === image &&
        storedUpright
      )
        await copyFileAtomic(path, original);
      else await writeImage(original, shown);
    }
    const results: ResultRecord[] = [];
    let predictions: Prediction[] = [];
    const kind = settings.target?.kind ?? 'classification';
    const planned = await planTargets(reader, tensor, {
      kind,
      classes: settings.classes,
      minScore: settings.target?.minScore ?? 0.3,
      maxDetections: settings.target?.maxDetections ?? 10,
      ...(settings.target?.detections ? { detections: settings.target.detections } : {}),
    });
    const detections: DetectionRecord[] = planned.flatMap(({ detection, classIndex }) =>
      detection
        ? [
            {
              ...(settings.labels?.[classIndex!] !== undefined
                ? { label: settings.labels[classIndex!]! }
                : {}),
              class: detection.classIndex,
              score: detection.score,
              box: [...detection.box],
              cell: detection.cell,
              maps: {},
            },
          ]
        : [],
    );
    for (const method of settings.methods) {
      for (const [index, { target, detection }] of planned.entries()) {
        const explanation = await explain({
          backend,
          input: tensor,
          method,
          ...(settings.layer ? { layer: settings.layer } : {}),
          ...(settings.tokens ? { tokens: settings.tokens } : {}),
          target,
        });
        const sample = explanation.samples[0]!;
        if (predictions.length === 0 && kind === 'classification') {
          predictions = predictionsOf(sample.scores, settings.labels);
        }
        const explained = sample.classIndex ?? planned[index]!.classIndex ?? 0;
        const label = settings.labels?.[explained];
        const name = `${resultFileName(stem, method, explained, label)}${detection ? `.detection-${index}` : ''}`;
        const files: ResultRecord['files'] = {};
        const heat = colorize(sample.map, { colormap: settings.colormap });
        files.heatmap = join(settings.outDir, `${name}.heatmap.${settings.format}`);
        await writeImage(files.heatmap, heat);
        if (image) {
          files.overlay = join(settings.outDir, `${name}.overlay.${settings.format}`);
          const painted = overlay(image, sample.map, { colormap: settings.colormap, alpha: settings.alpha });
          await writeImage(files.overlay, detection ? drawBox(painted, detection.box) : painted);
        }
        const { attributions } = sample;
        if (attributions) {
          // Input-space methods: the attributions as an image too (pytorch-grad-cam's deprocess_image).
          files.gradient = join(settings.outDir, `${name}.gradient.${settings.format}`);
          await writeImage(files.gradient, gradientImage(attributions));
        }
        if (settings.npy) {
          files.mapNpy = join(settings.outDir, `${name}.map.npy`);
          await writeFileAtomic(
            files.mapNpy,
            writeNpy(sample.map.data, [sample.map.height, sample.map.width]),
          );
          const coarse = sample.layerMaps[0]?.coarse;
          if (coarse && !attributions) {
            files.coarseNpy = join(settings.outDir, `${name}.coarse.npy`);
            await writeFileAtomic(files.coarseNpy, writeNpy(coarse.data, [coarse.height, coarse.width]));
          }
          if (attributions) {
            const [, channels, height, width] = attributions.shape;
            files.attributionsNpy = join(settings.outDir, `${name}.attributions.npy`);
            await writeFileAtomic(
              files.attributionsNpy,
              writeNpy(attributions.data, [channels, height, width]),
            );
          }
        }
        const layer = explanation.layers[0];
        results.push({
          method: explanation.method,
          ...(layer === undefined ? {} : { layer }),
          classIndex: explained,
          ...(label !== undefined ? { label } : {}),
          files,
          warnings: explanation.warnings.map((warning) => warning.message),
          timings: explanation.timings,
          ...(detection ? { box: [...detection.box] as [number, number, number, number] } : {}),
        });
        if (detection) detections[index]!.maps[explanation.method] = files;
      }
    }
    return {
      input: path,
      ...(original ? { original } : {}),
      predictions,
      ...(kind === 'detection' ? { detections } : {}),
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
