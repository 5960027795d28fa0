/**
 * `@gradcam/metrics`: faithfulness metrics for CAM maps, batched through any `@gradcam/core` Backend's `forward`:
 * Average Drop and Increase in Confidence, deletion and insertion AUC (RISE's blur baseline), and ROAD with noisy
 * linear imputation.
 *
 * @packageDocumentation
 */
export { trapezoidAuc } from './auc.js';
export { type AverageDropOptions, type AverageDropResult, averageDropAndIncrease } from './average-drop.js';
export type { Baseline } from './baseline.js';
export { boxKernel, riseGaussianKernel } from './blur.js';
export {
  type CausalCurves,
  type DeletionInsertionOptions,
  type DeletionInsertionResult,
  deletionInsertion,
} from './deletion-insertion.js';
export {
  type NoisyLinearImputationOptions,
  type NoisyLinearImputationResult,
  noisyLinearImputation,
  ROAD_NEIGHBOUR_WEIGHTS,
} from './noisy-linear-imputation.js';
export { salientOrder } from './pixel-order.js';
export type { MetricOptions } from './prepare-metric.js';
export {
  ROAD_PERCENTILES,
  type RoadOptions,
  type RoadOrderResult,
  type RoadResult,
  road,
} from './road.js';
export type { MetricScore } from './score-of.js';
export {
  type ConjugateGradientOptions,
  type ConjugateGradientResult,
  conjugateGradient,
  type SymmetricSparseMatrix,
} from './sparse-conjugate-gradient.js';
