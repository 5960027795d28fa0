import { writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { camMethod, resolveLayer, UnknownLayerError } from '@gradcam/core';
import { InvalidArgumentError, imageToInput } from '@gradcam/viz';
import { collectInputs } from '../collect-inputs.js';
import { exitCodes } from '../exit-codes.js';
import { type ExplainSettings, explainInput } from '../explain-input.js';
import { formatError } from '../format-error.js';
import { renderGallery } from '../gallery.js';
import { resolveClass } from '../labels.js';
import { ignoredModelOptionsNote } from '../onnx-session-options.js';
import { openModel } from '../open-model.js';
import { outputStems } from '../output-stems.js';
import { removePreviousRun } from '../previous-run.js';
import { ProgressBar } from '../progress-bar.js';
import type { InputRecord } from '../records.js';
import type { RunOptions } from '../run-options.js';
import { UsageError } from '../usage-error.js';
import { runTasks } from '../worker-pool.js';

/** The summary written to `summary.json` (and printed with `--json`). */
export interface RunSummary {
  readonly model: string;
  readonly notes: readonly string[];
  readonly outDir: string;
  readonly gallery: string;
  readonly inputs: readonly InputRecord[];
  readonly failed: number;
  readonly totalMs: number;
}

/**
 * `gradcam explain`: returns the exit code (0, or 1 when an input failed).
 *
 * @throws {@link UsageError} when the command line is wrong for this model (class, layer, method).
 */
export async function runExplain(options: RunOptions, title = 'gradcam'): Promise<number> {
  const started = performance.now();
  const files = await collectInputs(options.inputs, { skipFolder: options.outDir });
  const ignored = ignoredModelOptionsNote(options.model);
  if (ignored) process.stderr.write(`note: ${ignored}\n`);
  const model = await openModel(options.model);
  try {
    const numClasses = model.backend.numClasses ?? Number.MAX_SAFE_INTEGER;
    const classes = [
      ...new Set(options.classes.map((value) => resolveClass(value, model.labels, numClasses))),
    ];
    // Problems that would fail every input are reported once, before any work.
    if (options.layer) {
      await resolveLayer(model.backend, options.layer).catch((error: unknown) => {
        throw UnknownLayerError.isInstance(error) ? new UsageError(formatError(error)) : error;
      });
    }
    for (const name of options.methods) {
      for (const capability of camMethod(name).requires) {
        if (!model.backend.capabilities[capability]) {
          throw new UsageError(
            `--method ${name} needs '${capability}', which ${model.backend.name} does not offer for this model.`,
          );
        }
      }
    }
    const preprocess = options.preprocess ?? model.defaultPreprocess;
    if (files.some((file) => !file.endsWith('.npy'))) {
      try {
        imageToInput(
          { width: 1, height: 1, data: new Uint8ClampedArray(4) },
          model.backend.input,
          preprocess,
        );
      } catch (error) {
        if (!InvalidArgumentError.isInstance(error)) throw error;
        throw new UsageError(`--preprocess does not fit this model: ${error.message}`);
      }
    }
    if (!options.preprocess && model.preprocessNote && files.some((file) => !file.endsWith('.npy'))) {
      process.stderr.write(`note: ${model.preprocessNote}\n`);
    }
    const settings: ExplainSettings = {
      outDir: options.outDir,
      methods: options.methods,
      classes,
      ...(options.layer ? { layer: options.layer } : {}),
      ...(options.tokens ? { tokens: options.tokens } : {}),
      ...(model.labels ? { labels: model.labels } : {}),
      preprocess,
      colormap: options.colormap,
      alpha: options.alpha,
      format: options.format,
      npy: options.npy,
      ...(options.target !== 'classification'
        ? {
            target: {
              kind: options.target,
              minScore: options.minScore,
              maxDetections: options.maxDetections,
              ...(options.detections ? { detections: options.detections } : {}),
            },
          }
        : {}),
    };
    const replaced = await removePreviousRun(options.outDir);
    if (replaced > 0) {
      process.stderr.write(`note: replaced the earlier results in ${options.outDir} (${replaced} files).\n`);
    }
    const stems = outputStems(files);
    const tasks = files.map((path, index) => ({ index, path, stem: stems[index]! }));
    const progress = new ProgressBar(
      files.length,
      process.stderr,
      // Only for a person at a terminal: not with --json, nor when the output goes to a file or a pipe.
      !options.json && Boolean(process.stdout.isTTY && process.stderr.isTTY) && files.length > 1,
    );
    const workers = Math.min(options.concurrency, files.length) - 1;
    const records = await runTasks(
      tasks,
      (task) => explainInput(model.backend, task.path, task.stem, settings, model),
      workers,
      new URL('../worker.js', import.meta.url),
      { model: options.model, settings },
      (record) => progress.tick(basename(record.input)),
    );
    const gallery = join(options.outDir, 'index.html');
    const summary: RunSummary = {
      model: model.description,
      notes: [
        ...(model.backend.notes ?? []),
        ...(options.target !== 'classification' && !options.layer
          ? [
              `--target ${options.target} without --layer: the automatic layer may be the explained output itself. Name a layer the output's heads share (see gradcam layers).`,
            ]
          : []),
      ],
      outDir: options.outDir,
      gallery,
      inputs: records,
      failed: records.filter((record) => record.error).length,
      totalMs: performance.now() - started,
    };
    const { mkdir } = await import('node:fs/promises');
    await mkdir(options.outDir, { recursive: true });
    await writeFile(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    await writeFile(gallery, renderGallery(records, title, options.outDir));
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else printHuman(summary, files.length);
    return summary.failed > 0 ? exitCodes.failed : exitCodes.ok;
  } finally {
    await model.dispose();
  }
}

function printHuman(summary: RunSummary, count: number): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  for (const note of summary.notes) out(`note: ${note}`);
  for (const record of summary.inputs) {
    const name = relative(process.cwd(), record.input) || record.input;
    if (record.error) {
      process.stderr.write(
        `error: ${record.error.startsWith(record.input) ? record.error : `${name}: ${record.error}`}\n`,
      );
      continue;
    }
    const top = record.predictions[0];
    const prediction = top ? `${top.label ?? `class ${top.index}`} (${top.probability.toFixed(3)})` : '';
    out(`${name}: ${prediction}`);
    for (const result of record.results) {
      const file = result.files.overlay ?? result.files.heatmap ?? '';
      out(
        `  ${result.method} · ${result.label ?? `class ${result.classIndex}`} · ${result.layer} → ${relative(process.cwd(), file)}`,
      );
      for (const warning of result.warnings) out(`  warning: ${warning}`);
    }
  }
  const ok = count - summary.failed;
  out(
    `${ok} of ${count} input${count === 1 ? '' : 's'} explained in ${(summary.totalMs / 1000).toFixed(1)} s.`,
  );
  out(`Gallery: ${summary.gallery}`);
}
