import { ShapeMismatchError } from '@gradcam/core';
import type { Tensor, TfCore } from '../tf-core.js';

/**
 * The model's output as class scores `[batch, classes]`, float32: outputs of higher rank (e.g. `[N, 1, 1, K]`)
 * are flattened per sample.
 *
 * @throws {@link ShapeMismatchError} when the output has fewer than two axes.
 */
export function toScores(tf: TfCore, output: Tensor): Tensor {
  if (output.rank < 2) {
    throw new ShapeMismatchError(
      `The model's output has shape [${output.shape.join(', ')}]; expected class scores [batch, classes].`,
      { expected: [null, null], actual: output.shape },
    );
  }
  const scores = output.rank === 2 ? output : tf.reshape(output, [output.shape[0]!, -1]);
  return scores.dtype === 'float32' ? scores : tf.cast(scores, 'float32');
}
