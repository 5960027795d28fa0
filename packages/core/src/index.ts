/**
 * `@gradcam/core`: the Backend specification, Grad-CAM and the CAM math over plain typed arrays.
 *
 * @packageDocumentation
 */
export type * from './backend/index.js';
export { chooseLayer, isSpatialLayer } from './choose-layer.js';
export * from './errors/index.js';
export {
  type ExplainOptions,
  type ExplainTimings,
  type ExplainWarning,
  type Explanation,
  explain,
  resolveLayer,
  type SampleExplanation,
} from './explain.js';
export { channelMeans } from './math/channel-means.js';
export { MIN_MAX_EPSILON, minMaxNormalize } from './math/min-max-normalize.js';
export { relu } from './math/relu.js';
export { resizeBilinear } from './math/resize-bilinear.js';
export { toLayout } from './math/to-layout.js';
export { weightedChannelSum } from './math/weighted-channel-sum.js';
export type { CamContext, CamMethod, CamOutput } from './methods/cam-method.js';
export { gradCam } from './methods/grad-cam.js';
export type { NpyArray, NpyData, NpyDtype } from './npy/npy-array.js';
export { halfToFloat, NpyFormatError, readNpy, readNpyFloat32 } from './npy/read-npy.js';
export { writeNpy } from './npy/write-npy.js';
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
