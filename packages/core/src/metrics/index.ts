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
