import { join } from 'node:path';
import { writeFileAtomic } from '@gradcam/viz/node';
import { renderGallery } from './gallery.js';
import type { InputRecord } from './records.js';

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

/** What {@link writeRunSummary} needs. */
export interface RunSummaryParts {
  /** The model's one-line description. */
  readonly model: string;
  /** The backend's notes. */
  readonly notes: readonly string[];
  /** The output folder. */
  readonly outDir: string;
  /** One record per input, in run order. */
  readonly records: readonly InputRecord[];
  /** The run's wall time. */
  readonly totalMs: number;
  /** The gallery's title. */
  readonly title: string;
}

/**
 * Writes a run's `summary.json` and `index.html` gallery into its output folder (atomically: a reader sees the
 * previous file or the new one) and returns the summary. A local run (`gradcam explain`) and a queued one
 * (`gradcam queue collect`) write the same format.
 */
export async function writeRunSummary(parts: RunSummaryParts): Promise<RunSummary> {
  const gallery = join(parts.outDir, 'index.html');
  const summary: RunSummary = {
    model: parts.model,
    notes: parts.notes,
    outDir: parts.outDir,
    gallery,
    inputs: parts.records,
    failed: parts.records.filter((record) => record.error).length,
    totalMs: parts.totalMs,
  };
  await writeFileAtomic(join(parts.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFileAtomic(gallery, renderGallery(parts.records, parts.title, parts.outDir));
  return summary;
}
