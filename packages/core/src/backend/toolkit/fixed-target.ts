import type { Target } from '../../target/target.js';
import { type ResolvedTarget, resolveTarget } from '../../target/target-weights.js';

/**
 * Resolves a target that does not depend on the scores (a class or a weighting, not `'top'`) before the model
 * runs, so that a bad class index or a wrong number of weights rejects before any work, and the weights can be
 * fed to the model.
 *
 * @throws {@link ClassIndexOutOfRangeError} for a class index outside `[0, classes)`.
 * @throws {@link ShapeMismatchError} for weights of the wrong length.
 */
export function resolveFixedTarget(
  target: Exclude<Target, { readonly kind: 'top' }>,
  batch: number,
  classes: number,
): ResolvedTarget {
  return resolveTarget(target, { data: new Float32Array(batch * classes), shape: [batch, classes] });
}
