import {
  centerNetDetections,
  type Detection,
  detectionTarget,
  type OutputTensor,
  type SpatialTensor,
  segmentationTarget,
  type Target,
} from '@gradcam/core';
import { UsageError } from './usage-error.js';

/** What `explainInput` needs to read a model's outputs in full shape (TensorFlow.js GraphModels). */
export interface OutputReader {
  readonly readOutputs?: (input: SpatialTensor, names: readonly string[]) => Promise<OutputTensor[]>;
  readonly outputs?: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly scoresOutput?: string;
}

/** How to choose the targets of one input. */
export interface TargetSettings {
  /** `--target`. */
  readonly kind: 'classification' | 'detection' | 'segmentation';
  /** `--class` indices (empty: the default of the kind). */
  readonly classes: readonly number[];
  /** `--min-score`. */
  readonly minScore: number;
  /** `--max-detections`. */
  readonly maxDetections: number;
  /** `--detections`. */
  readonly detections?: string;
}

/** One map to make for one input. */
export interface PlannedTarget {
  readonly target: Target;
  /** The class explained; absent for the top class (known after the run). */
  readonly classIndex?: number;
  /** The detection explained. */
  readonly detection?: Detection;
}

/**
 * The targets of one input: the classes asked for (classification), each detection of a heat-map detector
 * (`centerNetDetections` maps each post-processed detection to its cell of `--output`), or the segmentation
 * class's pixels (`segmentationTarget`, default mask: the pixels the model gives the class).
 *
 * @throws {@link UsageError} when the model's outputs cannot be read or do not have the expected shapes.
 */
export async function planTargets(
  reader: OutputReader,
  input: SpatialTensor,
  settings: TargetSettings,
): Promise<PlannedTarget[]> {
  if (settings.kind === 'classification') {
    return settings.classes.length > 0
      ? settings.classes.map((classIndex) => ({ target: { kind: 'class', index: classIndex }, classIndex }))
      : [{ target: { kind: 'top' } }];
  }
  const { readOutputs, scoresOutput } = reader;
  if (!readOutputs || !scoresOutput) {
    throw new UsageError(
      `--target ${settings.kind} needs a TensorFlow.js GraphModel (model.json) in the command line for now.`,
    );
  }
  if (settings.kind === 'segmentation') {
    const [output] = await readOutputs(input, [scoresOutput]);
    if (output!.shape.length !== 4) {
      throw new UsageError(
        `--target segmentation needs a 4-D output [N, H, W, classes]; "${scoresOutput}" has shape [${output!.shape.join(', ')}] (choose it with --output).`,
      );
    }
    const classes = settings.classes.length > 0 ? settings.classes : [largestClass(output!)];
    return classes.map((classIndex) => ({ target: segmentationTarget(output!, { classIndex }), classIndex }));
  }
  const detectionsName = settings.detections ?? (await detectionsOutput(reader, readOutputs, input));
  const [keypoints, detections] = await readOutputs(input, [scoresOutput, detectionsName]);
  if (keypoints!.shape.length !== 4) {
    throw new UsageError(
      `--target detection needs a heat-map output [N, H, W, classes] as --output; "${scoresOutput}" has shape [${keypoints!.shape.join(', ')}].`,
    );
  }
  const found = centerNetDetections(keypoints!, detections!, {
    inputSize: { height: input.shape[1], width: input.shape[2] },
    minScore: settings.minScore,
    maxDetections: settings.maxDetections,
  });
  const wanted = new Set(settings.classes);
  return found
    .filter((detection) => wanted.size === 0 || wanted.has(detection.classIndex))
    .map((detection) => ({
      target: detectionTarget({
        outputShape: keypoints!.shape as [number, number, number, number],
        classIndex: detection.classIndex,
        cell: detection.cell,
      }),
      classIndex: detection.classIndex,
      detection,
    }));
}

/** The one output of rows `[x0, y0, x1, y1, score, class]` (shapes read by running the model when not declared). */
async function detectionsOutput(
  reader: OutputReader,
  readOutputs: NonNullable<OutputReader['readOutputs']>,
  input: SpatialTensor,
): Promise<string> {
  const others = (reader.outputs ?? []).filter((output) => output.name !== reader.scoresOutput);
  const shapes = others.some((output) => output.shape.length === 0)
    ? (
        await readOutputs(
          input,
          others.map((output) => output.name),
        )
      ).map((output) => output.shape)
    : others.map((output) => output.shape);
  const candidates = others.filter((_, index) => shapes[index]!.length === 3 && shapes[index]![2] === 6);
  if (candidates.length !== 1) {
    throw new UsageError(
      `--target detection: name the output of post-processed detections with --detections (outputs: ${(reader.outputs ?? []).map((output) => output.name).join(', ')}).`,
    );
  }
  return candidates[0]!.name;
}

/** The class the most pixels of sample 0 belong to (NHWC); 0 for a one-channel output. */
function largestClass(output: OutputTensor): number {
  const channels = output.shape[3]!;
  if (channels === 1) return 0;
  const counts = new Array<number>(channels).fill(0);
  for (let pixel = 0; pixel < output.shape[1]! * output.shape[2]!; pixel++) {
    let best = 0;
    for (let c = 1; c < channels; c++) {
      if (output.data[pixel * channels + c]! > output.data[pixel * channels + best]!) best = c;
    }
    counts[best]!++;
  }
  return counts.indexOf(Math.max(...counts));
}
