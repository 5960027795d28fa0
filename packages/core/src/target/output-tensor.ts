import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { Layout, SpatialTensor } from '../tensor.js';

/**
 * A model output of any shape, batch first, as plain data: e.g. CenterNet's `[1, 128, 128, 80]` centre heat maps
 * or the `[1, 100, 6]` detections after top-k.
 *
 * A backend's "scores" are its chosen output (the adapters' `output` option) flattened per sample to
 * `[batch, size]`; `{ data: scores.data, shape: outputShape }` is that output again.
 */
export interface OutputTensor {
  /** Row-major values; `data.length` equals the product of `shape`. */
  readonly data: Float32Array;
  /** The output's shape, batch first. */
  readonly shape: readonly number[];
}

/**
 * Reads a 4-D model output (a map per channel, e.g. segmentation scores) as a {@link SpatialTensor}.
 *
 * @param output - the output; `[N, H, W, C]` for `'nhwc'` (TensorFlow), `[N, C, H, W]` for `'nchw'` (ONNX).
 * @param layout - the order of its axes.
 * @throws {@link ShapeMismatchError} when the output is not 4-D or its data does not fill its shape.
 */
export function spatialOutput(output: OutputTensor, layout: Layout): SpatialTensor {
  const size = output.shape.reduce((product, axis) => product * axis, 1);
  if (output.shape.length !== 4 || size !== output.data.length) {
    throw new ShapeMismatchError(
      `Expected a 4-D output of maps ([batch, height, width, channels] or [batch, channels, height, width]) ` +
        `with ${size} values; got shape [${output.shape.join(', ')}] with ${output.data.length} values. Pass ` +
        "the output's full shape (the backend's scores are the output flattened per sample).",
      { expected: [null, null, null, null], actual: [...output.shape] },
    );
  }
  return { data: output.data, shape: output.shape as SpatialTensor['shape'], layout };
}
