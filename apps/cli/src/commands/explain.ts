import { basename, relative } from 'node:path';
import { collectInputs } from '../collect-inputs.js';
import { exitCodes } from '../exit-codes.js';
import { explainInput } from '../explain-input.js';
import { resolveExplainSettings } from '../explain-settings.js';
import { ignoredModelOptionsNote } from '../onnx-session-options.js';
import { openModel } from '../open-model.js';
import { outputStems } from '../output-stems.js';
import { removePreviousRun } from '../previous-run.js';
import { ProgressBar } from '../progress-bar.js';
import type { RunOptions } from '../run-options.js';
import { type RunSummary, writeRunSummary } from '../run-summary.js';
import { runTasks } from '../worker-pool.js';

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
    const settings = await resolveExplainSettings(options, model, files);
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
    const summary = await writeRunSummary({
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
      records,
      totalMs: performance.now() - started,
      title,
    });
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else printHuman(summary, files.length);
    return summary.failed > 0 ? exitCodes.failed : exitCodes.ok;
  } finally {
    await model.dispose();
  }
}

/** Prints a run's results for a person: one line per input and per map, then the count and the gallery. */
export function printHuman(summary: RunSummary, count: number): void {
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
        `  ${result.method} · ${result.label ?? `class ${result.classIndex}`}${result.layer ? ` · ${result.layer}` : ''} → ${relative(process.cwd(), file)}`,
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
