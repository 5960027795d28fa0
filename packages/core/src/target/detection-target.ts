import { ClassIndexOutOfRangeError } from '../errors/class-index-out-of-range-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { type Layout, spatialDimensions } from '../tensor.js';
import type { Target } from './target.js';

/** Options of {@link detectionTarget}. */
export interface DetectionTargetOptions {
  /** Shape of the detector's map output, batch first: `[N, H, W, C]` (`'nhwc'`) or `[N, C, H, W]` (`'nchw'`). */
  readonly outputShape: readonly [number, number, number, number];
  /** The order of the output's axes. @default 'nhwc' */
  readonly layout?: Layout;
  /** The detection's class: its channel of the output. */
  readonly classIndex: number;
  /** The cell of the output map that scores the detection (its centre cell for CenterNet). */
  readonly cell: { readonly y: number; readonly x: number };
}

/**
 * The score of one detection as a {@link Target}: weight 1 on channel `classIndex` at `cell` of a detector's map
 * output (CenterNet's centre heat maps; for anchor or grid detectors, the box's score channel at its cell), 0
 * elsewhere. Every sample of the batch gets the same cell.
 *
 * Explain the tensor before the detector's post-processing: top-k and non-maximum suppression select and reorder
 * detections and are not differentiable.
 *
 * @throws {@link ClassIndexOutOfRangeError} when `classIndex` is not a channel of the output.
 * @throws {@link ShapeMismatchError} when the cell lies outside the map.
 */
export function detectionTarget(options: DetectionTargetOptions): Target {
  const layout = options.layout ?? 'nhwc';
  const { batch, channels, height, width } = spatialDimensions(options.outputShape, layout);
  const { classIndex, cell } = options;
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= channels) {
    throw new ClassIndexOutOfRangeError(classIndex, channels);
  }
  if (
    !Number.isInteger(cell.y) ||
    !Number.isInteger(cell.x) ||
    cell.y < 0 ||
    cell.y >= height ||
    cell.x < 0 ||
    cell.x >= width
  ) {
    throw new ShapeMismatchError(
      `The cell (y ${cell.y}, x ${cell.x}) is outside the ${height}x${width} map: give whole cell indices ` +
        `0..${height - 1} and 0..${width - 1}.`,
      { expected: [height, width], actual: [cell.y, cell.x] },
    );
  }
  const size = channels * height * width;
  const offset =
    layout === 'nhwc'
      ? (cell.y * width + cell.x) * channels + classIndex
      : (classIndex * height + cell.y) * width + cell.x;
  const weights = new Float32Array(batch * size);
  for (let n = 0; n < batch; n++) weights[n * size + offset] = 1;
  return { kind: 'weights', weights };
}
