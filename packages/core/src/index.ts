/**
 * `@gradcam/core`: the Backend specification, Grad-CAM and the CAM math over plain typed arrays.
 *
 * @packageDocumentation
 */

export { asyncDisposeSymbol } from './backend/async-dispose.js';
export type * from './backend/index.js';
export { chooseLayer, isSpatialLayer } from './choose-layer.js';
export * from './errors/index.js';
export {
  type ExplainOptions,
  type ExplainTimings,
  type ExplainWarning,
  type Explanation,
  explain,
  fuseLayers,
  type LayerMap,
  resolveLayer,
  type SampleExplanation,
} from './explain.js';
export { channelMeans } from './math/channel-means.js';
export { channelSum } from './math/channel-sum.js';
export { elementIndexer } from './math/element-indexer.js';
export { elementwise } from './math/elementwise.js';
export { firstPrincipalComponent, type PrincipalComponentOptions } from './math/first-principal-component.js';
export { flipHorizontal } from './math/flip-horizontal.js';
export { type KernelPcaOptions, kernelPcaProjection, type PcaKernel } from './math/kernel-pca.js';
export { MIN_MAX_EPSILON, minMaxNormalize } from './math/min-max-normalize.js';
export { relu } from './math/relu.js';
export { resizeBilinear } from './math/resize-bilinear.js';
export { resizeBilinearAlignCorners } from './math/resize-bilinear-align-corners.js';
export { scaleChannels } from './math/scale-channels.js';
export { toLayout } from './math/to-layout.js';
export { weightedChannelSum } from './math/weighted-channel-sum.js';
export { type AblationCamOptions, createAblationCam } from './methods/ablation-cam.js';
export type { CamContext, CamMethod, CamOutput } from './methods/cam-method.js';
export {
  type CamMethodName,
  type CamMethodOptions,
  camMethod,
  camMethodNames,
} from './methods/cam-methods.js';
export { type ChannelSelection, selectChannels, selectionRequirements } from './methods/channel-selection.js';
export {
  eigenCam,
  eigenGradCam,
  gradCamElementwise,
  hiResCam,
  layerCam,
} from './methods/elementwise-methods.js';
export { createFem, type FemOptions, femWeights } from './methods/fem.js';
export { createFinerCam, type FinerCamOptions } from './methods/finer-cam.js';
export {
  type FinerTarget,
  finerComparisonClasses,
  finerTargetGradient,
  finerTargetValue,
} from './methods/finer-target.js';
export { gradCam } from './methods/grad-cam.js';
export { gradCamPlusPlus } from './methods/grad-cam-plus-plus.js';
export { createKpcaCam, type KpcaCamOptions } from './methods/kpca-cam.js';
export { createRandomCam, type RandomCamOptions } from './methods/random-cam.js';
export { createScoreCam, type ScoreCamOptions } from './methods/score-cam.js';
export {
  createScoreCamCache,
  type ScoreCamCache,
  type ScoreCamSampleKey,
} from './methods/score-cam-cache.js';
export { xGradCam } from './methods/x-grad-cam.js';
export * from './metrics/index.js';
export type { NpyArray, NpyData, NpyDtype } from './npy/npy-array.js';
export { halfToFloat, NpyFormatError, readNpy, readNpyFloat32 } from './npy/read-npy.js';
export { writeNpy } from './npy/write-npy.js';
export { softmax } from './predictions/softmax.js';
export { type Prediction, type TopKOptions, topK } from './predictions/top-k.js';
export { type LayerPass, type LayerPassOptions, reduceChannels, runLayerPass } from './run-layer-pass.js';
export { classTarget, contrastTarget, type Target, topClass } from './target/target.js';
export { argMax, type ResolvedTarget, resolveTarget } from './target/target-weights.js';
export {
  type HeatMap,
  type Layout,
  type ScoreTensor,
  type SpatialDimensions,
  type SpatialTensor,
  spatialDimensions,
} from './tensor.js';
export { validateInput } from './validate-input.js';
export { validateTensorData } from './validate-tensor-data.js';
