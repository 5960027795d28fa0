/**
 * What to explain: which combination of the model's class scores the gradient is taken of.
 *
 * - `{ kind: 'top' }` (the default): each sample's highest-scoring class.
 * - `{ kind: 'class', index }`: one class for every sample (a number) or one per sample (an array).
 * - `{ kind: 'weights', weights }`: an arbitrary weighting of the scores, `[batch, classes]` row-major
 *   (or one row of `classes` values shared by every sample). The score explained for sample `n` is
 *   `sum_k weights[n, k] * scores[n, k]`. `+1` on class A and `-1` on class B gives "A rather than B";
 *   a negated one-hot gives the counterfactual map.
 */
export type Target =
  | { readonly kind: 'top' }
  | { readonly kind: 'class'; readonly index: number | readonly number[] }
  | { readonly kind: 'weights'; readonly weights: Float32Array | readonly number[] };

/** Shorthand for `{ kind: 'top' }`. */
export const topClass: Target = Object.freeze({ kind: 'top' });

/**
 * Shorthand for `{ kind: 'class', index }`.
 *
 * @param index - one class index for every sample, or one per sample.
 */
export function classTarget(index: number | readonly number[]): Target {
  return { kind: 'class', index };
}

/**
 * A target for "why `classA` rather than `classB`": weights `+1` on A and `-1` on B.
 *
 * @param numClasses - number of classes the model outputs.
 */
export function contrastTarget(classA: number, classB: number, numClasses: number): Target {
  const weights = new Float32Array(numClasses);
  weights[classA] = 1;
  weights[classB] = -1;
  return { kind: 'weights', weights };
}
