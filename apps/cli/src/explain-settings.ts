import { camMethodEntry, resolveLayer, UnknownLayerError } from '@gradcam/core';
import { InvalidArgumentError, imageToInput } from '@gradcam/viz';
import type { ExplainSettings } from './explain-input.js';
import { formatError } from './format-error.js';
import { inputExtension } from './input-source.js';
import { resolveClass } from './labels.js';
import type { OpenModel } from './open-model.js';
import type { RunOptions } from './run-options.js';
import { UsageError } from './usage-error.js';

/**
 * Checks the command line against the open model and turns it into the settings every input is explained with
 * (classes resolved to indices, the preprocessing chosen). Problems that would fail every input are reported
 * here, once, before any work: `gradcam explain` and `gradcam queue submit` call it before explaining or queueing
 * anything. Prints the preprocessing note on stderr when the preprocessing is a guess.
 *
 * @param inputs - the inputs (paths or addresses), to know whether any is an image.
 * @throws {@link UsageError} for a class, layer, method or preprocessing the model does not take.
 */
export async function resolveExplainSettings(
  options: RunOptions,
  model: OpenModel,
  inputs: readonly string[],
): Promise<ExplainSettings> {
  const numClasses = model.backend.numClasses ?? Number.MAX_SAFE_INTEGER;
  const classes = [...new Set(options.classes.map((value) => resolveClass(value, model.labels, numClasses)))];
  if (options.layer) {
    await resolveLayer(model.backend, options.layer).catch((error: unknown) => {
      throw UnknownLayerError.isInstance(error) ? new UsageError(formatError(error)) : error;
    });
  }
  for (const name of options.methods) {
    for (const capability of camMethodEntry(name).requires) {
      if (!model.backend.capabilities[capability]) {
        throw new UsageError(
          `--method ${name} needs '${capability}', which ${model.backend.name} does not offer for this model.`,
        );
      }
    }
  }
  const preprocess = options.preprocess ?? model.defaultPreprocess;
  const images = inputs.some((input) => inputExtension(input) !== '.npy');
  if (images) {
    try {
      imageToInput({ width: 1, height: 1, data: new Uint8ClampedArray(4) }, model.backend.input, preprocess);
    } catch (error) {
      if (!InvalidArgumentError.isInstance(error)) throw error;
      throw new UsageError(`--preprocess does not fit this model: ${error.message}`);
    }
  }
  if (!options.preprocess && model.preprocessNote && images) {
    process.stderr.write(`note: ${model.preprocessNote}\n`);
  }
  return {
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
}
