import {
  centerNetDetections,
  type Detection,
  detectionTarget,
  type OutputTensor,
  type SpatialTensor,
  segmentationTarget,
  spatialDimensions,
  type Target,
} from '@gradcam/core';
import { heatMapPeaks } from './heat-map-peaks.js';
import { UsageError } from './usage-error.js';

/**
 * What `explainInput` needs to read a model's outputs in full shape (TensorFlow.js GraphModels; ONNX models opened
 * for `--target detection|segmentation`).
 */
export interface OutputReader {
  readonly readOutputs?: (input: SpatialTensor, names: readonly string[]) => Promise<OutputTensor[]>;
  readonly outputs?: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly scoresOutput?: string;
  /** How the outputs order their axes. @default 'nhwc' */
  readonly outputLayout?: 'nhwc' | 'nchw';
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
 * (`centerNetDetections` maps each post-processed detection to its cell of `--output`; an ONNX detector without
 * a detections output gives the heat map's local maxima, see `heatMapPeaks`), or the segmentation class's pixels
 * (`segmentationTarget`, default mask: the pixels the model gives the class).
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
      `--target ${settings.kind} needs a TensorFlow.js GraphModel (model.json) or an ONNX model.`,
    );
  }
  const layout = reader.outputLayout ?? 'nhwc';
  const axes = layout === 'nchw' ? '[N, classes, H, W]' : '[N, H, W, classes]';
  if (settings.kind === 'segmentation') {
    const [output] = await readOutputs(input, [scoresOutput]);
    if (output!.shape.length !== 4) {
      throw new UsageError(
        `--target segmentation needs a 4-D output ${axes}; "${scoresOutput}" has shape [${output!.shape.join(', ')}] (choose it with --output).`,
      );
    }
    const classes = settings.classes.length > 0 ? settings.classes : [largestClass(output!, layout)];
    return classes.map((classIndex) => ({
      target: segmentationTarget(output!, { classIndex, layout }),
      classIndex,
    }));
  }
  const detectionsName =
    settings.detections ?? (await detectionsOutput(reader, readOutputs, input, layout === 'nhwc'));
  const [keypoints, detections] = await readOutputs(
    input,
    detectionsName === undefined ? [scoresOutput] : [scoresOutput, detectionsName],
  );
  if (keypoints!.shape.length !== 4) {
    throw new UsageError(
      `--target detection needs a heat-map output ${axes} as --output; "${scoresOutput}" has shape [${keypoints!.shape.join(', ')}].`,
    );
  }
  const found =
    detections === undefined
      ? heatMapPeaks(keypoints!, { minScore: settings.minScore, maxDetections: settings.maxDetections })
      : centerNetDetections(layout === 'nchw' ? toNhwc(keypoints!) : keypoints!, detections, {
          inputSize: spatialDimensions(input.shape, input.layout),
          minScore: settings.minScore,
          maxDetections: settings.maxDetections,
        });
  const wanted = new Set(settings.classes);
  return found
    .filter((detection) => wanted.size === 0 || wanted.has(detection.classIndex))
    .map((detection) => ({
      target: detectionTarget({
        outputShape: keypoints!.shape as [number, number, number, number],
        layout,
        classIndex: detection.classIndex,
        cell: detection.cell,
      }),
      classIndex: detection.classIndex,
      detection,
    }));
}

/** An NCHW output `[N, C, H, W]` as NHWC `[N, H, W, C]`. */
function toNhwc(output: OutputTensor): OutputTensor {
  const [batch, channels, height, width] = output.shape as [number, number, number, number];
  const data = new Float32Array(output.data.length);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      for (let pixel = 0; pixel < height * width; pixel++) {
        data[(n * height * width + pixel) * channels + c] =
          output.data[(n * channels + c) * height * width + pixel]!;
      }
    }
  }
  return { data, shape: [batch, height, width, channels] };
}

/**
 * The one output of rows `[x0, y0, x1, y1, score, class]` (shapes read by running the model when not declared);
 * `undefined` when there is none and `required` is false (the heat map's peaks are the detections then).
 */
async function detectionsOutput(
  reader: OutputReader,
  readOutputs: NonNullable<OutputReader['readOutputs']>,
  input: SpatialTensor,
  required: boolean,
): Promise<string | undefined> {
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
  if (candidates.length === 0 && !required) return undefined;
  if (candidates.length !== 1) {
    throw new UsageError(
      `--target detection: name the output of post-processed detections with --detections (outputs: ${(reader.outputs ?? []).map((output) => output.name).join(', ')}).`,
    );
  }
  return candidates[0]!.name;
}

/** The class the most pixels of sample 0 belong to; 0 for a one-channel output. */
function largestClass(output: OutputTensor, layout: 'nhwc' | 'nchw'): number {
  const [channels, pixels] =
    layout === 'nchw'
      ? [output.shape[1]!, output.shape[2]! * output.shape[3]!]
      : [output.shape[3]!, output.shape[1]! * output.shape[2]!];
  if (channels === 1) return 0;
  const at = (pixel: number, c: number) =>
    output.data[layout === 'nchw' ? c * pixels + pixel : pixel * channels + c]!;
  const counts = new Array<number>(channels).fill(0);
  for (let pixel = 0; pixel < pixels; pixel++) {
    let best = 0;
    for (let c = 1; c < channels; c++) {
      if (at(pixel, c) > at(pixel, best)) best = c;
    }
    counts[best]!++;
  }
  return counts.indexOf(Math.max(...counts));
}
