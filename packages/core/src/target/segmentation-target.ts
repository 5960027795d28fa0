import { ClassIndexOutOfRangeError } from '../errors/class-index-out-of-range-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { Layout } from '../tensor.js';
import { spatialDimensions } from '../tensor.js';
import { type OutputTensor, spatialOutput } from './output-tensor.js';
import type { Target } from './target.js';

/** Options of {@link segmentationTarget}. */
export interface SegmentationTargetOptions {
  /** The class (channel) whose scores to sum. For a one-channel (sigmoid) output: 0. */
  readonly classIndex: number;
  /**
   * Weight of each pixel, `height * width` values shared by every sample or `batch * height * width`; 0/1 for a
   * mask. @default the pixels the model assigns to the class: arg-max over channels equals `classIndex`, or, for a
   * one-channel output, a value above `threshold`
   */
  readonly mask?: ArrayLike<number>;
  /** The order of the output's axes. @default 'nhwc' */
  readonly layout?: Layout;
  /** For a one-channel output without `mask`: pixels above this are the class. @default 0.5 */
  readonly threshold?: number;
}

/**
 * pytorch-grad-cam's `SemanticSegmentationTarget` as a {@link Target}: the score explained for sample `n` is
 * `sum_{y,x} mask[y, x] * output[n, classIndex, y, x]`, the class's scores summed over a pixel mask.
 *
 * `output` is the segmentation output of a forward pass (create the backend with `output` set to it, then
 * `backend.forward`), in full shape; the target is a weighting of that output, so the backend differentiates it
 * like any class score.
 *
 * @throws {@link ClassIndexOutOfRangeError} when `classIndex` is not a channel of the output.
 * @throws {@link ShapeMismatchError} when the output is not 4-D or the mask has the wrong size.
 */
export function segmentationTarget(output: OutputTensor, options: SegmentationTargetOptions): Target {
  const layout = options.layout ?? 'nhwc';
  const spatial = spatialOutput(output, layout);
  const { batch, channels, height, width } = spatialDimensions(spatial.shape, layout);
  const { classIndex } = options;
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= channels) {
    throw new ClassIndexOutOfRangeError(classIndex, channels);
  }
  const pixels = height * width;
  const mask = options.mask;
  if (mask && mask.length !== pixels && mask.length !== batch * pixels) {
    throw new ShapeMismatchError(
      `The mask has ${mask.length} values; expected ${pixels} (height ${height} x width ${width}) or ` +
        `${batch * pixels} (one mask per sample).`,
      { expected: [height, width], actual: [mask.length] },
    );
  }
  const index =
    layout === 'nhwc'
      ? (n: number, c: number, p: number) => (n * pixels + p) * channels + c
      : (n: number, c: number, p: number) => (n * channels + c) * pixels + p;
  const threshold = options.threshold ?? 0.5;
  const weights = new Float32Array(spatial.data.length);
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < pixels; p++) {
      let weight: number;
      if (mask) {
        weight = mask[mask.length === pixels ? p : n * pixels + p]!;
      } else if (channels === 1) {
        weight = spatial.data[index(n, 0, p)]! > threshold ? 1 : 0;
      } else {
        let best = 0;
        for (let c = 1; c < channels; c++) {
          if (spatial.data[index(n, c, p)]! > spatial.data[index(n, best, p)]!) best = c;
        }
        weight = best === classIndex ? 1 : 0;
      }
      weights[index(n, classIndex, p)] = weight;
    }
  }
  return { kind: 'weights', weights };
}
