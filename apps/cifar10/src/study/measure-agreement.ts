import { relative } from 'node:path';
import { type CamMethodName, explain, type SpatialTensor, topK } from '@gradcam/core';
import type { Split } from '../data/dataset.js';
import { exportToOnnx } from './export-to-onnx.js';
import { inputBatch } from './image-input.js';
import type { PhaseProgress } from './phase-progress.js';
import type { ResultCache } from './result-cache.js';
import { type ModelOpeners, openStudyModel, type StudyModel } from './study-model.js';
import type { Agreement } from './study-report.js';

/** Arguments of {@link measureAgreement}. */
export interface AgreementRequest {
  /** The tfjs model's `model.json`. */
  readonly modelJson: string;
  /** Its preprocessing preset and layer (the same are used for the export). */
  readonly preprocess: string;
  readonly layer: string;
  readonly split: Split;
  readonly methods: readonly CamMethodName[];
  /** Images compared, spread evenly over the split. */
  readonly images: number;
  /** Where the exported `.onnx` is written. */
  readonly exportPath: string;
  /** The report's folder (the exported model's path is given relative to it). */
  readonly reportDir: string;
  readonly openers: ModelOpeners;
  readonly cache: ResultCache;
  readonly progress?: PhaseProgress;
}

/** Images per explain call. */
const BATCH = 25;

/**
 * Cross-runtime agreement on one network: exports the tfjs model to ONNX, explains the same images with
 * `@gradcam/tfjs` and `@gradcam/onnx` at the same layer, for each image's class predicted by tfjs, and reports the
 * largest difference of a map value and of a score. Cached by both models' fingerprints, the layer, the methods and
 * the images.
 */
export async function measureAgreement(request: AgreementRequest): Promise<Agreement> {
  const { split, methods, cache } = request;
  await exportToOnnx(request.modelJson, request.exportPath);
  const options = { preprocess: request.preprocess, layer: request.layer };
  const tfjs = await openStudyModel({ path: request.modelJson, ...options }, request.openers);
  let onnx: StudyModel | undefined;
  try {
    onnx = await openStudyModel({ path: request.exportPath, ...options }, request.openers);
    const count = Math.min(request.images, split.count);
    const indices = Array.from({ length: count }, (_, row) => Math.floor((row * split.count) / count));
    const key = [
      'agreement/v1',
      tfjs.fingerprint,
      onnx.fingerprint,
      request.preprocess,
      request.layer,
      methods.join(','),
      indices.join(','),
    ].join('|');
    const cached = cache.readJson<Agreement>(key);
    if (cached) return cached;
    const phase = request.progress?.start({ phase: `agreement ${tfjs.name}: tfjs vs onnx` }, count, 'images');
    const perMethod: Record<string, number> = Object.fromEntries(methods.map((method) => [method, 0]));
    let maxScoreDiff = 0;
    for (let start = 0; start < count; start += BATCH) {
      const chunk = indices.slice(start, start + BATCH);
      const inputs = [tfjs, onnx].map((model) => inputBatch(split, chunk, model)) as [
        SpatialTensor,
        SpatialTensor,
      ];
      const { scores } = await tfjs.backend.forward!({ input: inputs[0] });
      const classes = chunk.map(
        (_, row) => topK(scores.data.subarray(row * 10, (row + 1) * 10), { k: 1 })[0]!.classIndex,
      );
      for (const method of methods) {
        const [a, b] = await Promise.all(
          [tfjs, onnx].map((model, which) =>
            explain({
              backend: model.backend,
              input: inputs[which]!,
              layer: request.layer,
              method,
              methodOptions: { scorecam: { batchSize: 128 } },
              target: { kind: 'class', index: classes },
            }),
          ),
        );
        a!.samples.forEach((sample, row) => {
          const other = b!.samples[row]!;
          for (let pixel = 0; pixel < sample.map.data.length; pixel++) {
            perMethod[method] = Math.max(
              perMethod[method]!,
              Math.abs(sample.map.data[pixel]! - other.map.data[pixel]!),
            );
          }
          for (let k = 0; k < sample.scores.length; k++) {
            maxScoreDiff = Math.max(maxScoreDiff, Math.abs(sample.scores[k]! - other.scores[k]!));
          }
        });
      }
      phase?.advance(chunk.length);
    }
    phase?.end();
    const agreement: Agreement = {
      maxAbsDiff: Math.max(...Object.values(perMethod)),
      images: count,
      maxScoreDiff,
      perMethod,
      models: [`${tfjs.name} (tfjs)`, `${relative(request.reportDir, request.exportPath)} (onnx, exported)`],
      layers: [request.layer, request.layer],
    };
    cache.writeJson(key, agreement);
    return agreement;
  } finally {
    await tfjs.dispose();
    await onnx?.dispose();
  }
}
