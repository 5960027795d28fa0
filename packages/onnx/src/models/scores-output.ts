import { InvalidModelError } from '@gradcam/core';
import type { GraphBuilder } from '../graph/graph-builder.js';
import { intAttr } from '../proto/attributes.js';

/**
 * The scores as a `[N, classes]` tensor of the model's type: the score tensor itself when it is 2-D, else a
 * `Flatten(axis=1)` of it.
 *
 * @throws {@link InvalidModelError} when the score tensor has fewer than 2 axes.
 */
export function flatScores(builder: GraphBuilder, score: string): string {
  const info = builder.requireInfo(score);
  if (info.shape.length < 2) {
    throw new InvalidModelError(
      `The score tensor "${score}" has shape [${info.shape.join(', ')}]; a [batch, classes] output is needed. ` +
        'Name another tensor with the `output` option.',
    );
  }
  if (info.shape.length === 2) return score;
  const classes = info.shape.slice(1).reduce((product, size) => product * size, 1);
  return builder.op('Flatten', [score], [intAttr('axis', 1)], {
    dataType: info.dataType,
    shape: [info.shape[0]!, classes],
    dynamic: [info.dynamic[0]!, false],
  });
}
