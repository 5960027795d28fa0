/**
 * `@gradcam/core`: the Backend specification, Grad-CAM and the CAM math over plain typed arrays.
 *
 * @packageDocumentation
 */

export { asyncDisposeSymbol } from './backend/async-dispose.js';
export type * from './backend/index.js';
export * from './backend/toolkit/index.js';
export { chooseLayer, chooseTokenLayer, isSpatialLayer, isTokenLayer } from './choose-layer.js';
export * from './errors/index.js';
export { type ExplainOptions, explain } from './explain/explain.js';
export type {
  ExplainTimings,
  ExplainWarning,
  Explanation,
  LayerMap,
  SampleExplanation,
} from './explain/explanation.js';
export { resolveLayer } from './explain/resolve-layers.js';
export { type ChannelReduction, reduceInputChannels } from './input-space/channel-reduction.js';
export { gradientTimesInput } from './input-space/gradient-times-input.js';
export { guidedGradCam } from './input-space/guided-grad-cam.js';
export type { InputGradientBackend } from './input-space/input-gradients.js';
export {
  type Completeness,
  type IntegratedGradientsOptions,
  type IntegratedGradientsResult,
  type IntegrationRule,
  integratedGradients,
} from './input-space/integrated-gradients.js';
export { type SmoothGradOptions, type SmoothGradResult, smoothGrad } from './input-space/smooth-grad.js';
export type { KernelPcaOptions, PcaKernel } from './math/kernel-pca.js';
export { MIN_MAX_EPSILON, minMaxNormalize } from './math/min-max-normalize.js';
export type { NonNegativeFactorizationOptions } from './math/non-negative-factorization.js';
export { resizeBilinear } from './math/resize-bilinear.js';
export { mixSeed, SeededRandom } from './math/seeded-random.js';
export { toLayout } from './math/to-layout.js';
export type { AblationCamOptions } from './methods/ablation-cam.js';
export type { CamContext, CamMethod, CamOutput, MethodCapability } from './methods/cam-method.js';
export type { ChannelSelection } from './methods/channel-selection.js';
export {
  conceptScores,
  type DeepFeatureFactorizationOptions,
  deepFeatureFactorization,
  type FeatureFactorization,
} from './methods/deep-feature-factorization.js';
export type { FastScoreCamOptions } from './methods/fast-score-cam.js';
export type { FemOptions } from './methods/fem.js';
export type { FinerCamOptions } from './methods/finer-cam.js';
export type { InputMethod, InputMethodContext } from './methods/input-method.js';
export type { KpcaCamOptions } from './methods/kpca-cam.js';
export type { RandomCamOptions } from './methods/random-cam.js';
export {
  type CamMethodName,
  type CamMethodOptions,
  camMethod,
  camMethodEntry,
  camMethodNames,
  camMethods,
  type InputMethodEntry,
  isCamMethodName,
  type LayerMethodEntry,
  type MethodEntry,
} from './methods/registry.js';
export { requireGradients } from './methods/require-gradients.js';
export type { ScoreCamOptions } from './methods/score-cam.js';
export {
  createScoreCamCache,
  type ScoreCamCache,
  type ScoreCamSampleKey,
} from './methods/score-cam-cache.js';
export type { ShapleyCamOptions } from './methods/shapley-cam.js';
export { halfToFloat } from './npy/half-to-float.js';
export type { NpyArray, NpyData, NpyDtype } from './npy/npy-array.js';
export { NpyFormatError, readNpy, readNpyFloat32 } from './npy/read-npy.js';
export { writeNpy } from './npy/write-npy.js';
export { softmax } from './predictions/softmax.js';
export { type Prediction, type TopKOptions, topK } from './predictions/top-k.js';
export {
  type CenterNetDetectionsOptions,
  centerNetDetections,
  type Detection,
} from './target/center-net-detections.js';
export { type DetectionTargetOptions, detectionTarget } from './target/detection-target.js';
export { type OutputTensor, spatialOutput } from './target/output-tensor.js';
export { type SegmentationTargetOptions, segmentationTarget } from './target/segmentation-target.js';
export { classTarget, contrastTarget, type Target, topClass } from './target/target.js';
export { argMax, type ResolvedTarget, resolveTarget } from './target/target-weights.js';
export {
  type HeatMap,
  isTokenTensor,
  type LayerTensor,
  type Layout,
  requireSpatial,
  type ScoreTensor,
  type SpatialDimensions,
  type SpatialTensor,
  spatialDimensions,
  type TokenLayout,
  type TokenTensor,
} from './tensor.js';
export {
  MAX_INFERRED_PREFIX,
  resolveTokenGrid,
  type TokenGrid,
  type TokenGridOptions,
} from './tokens/token-grid.js';
export { tokenGridBackend, tokenGridOf } from './tokens/token-grid-backend.js';
export { gridToTokens, tokensToGrid } from './tokens/tokens-to-grid.js';
export { validateInput } from './validate-input.js';
export { validateTensorData } from './validate-tensor-data.js';
