export { supportedLayerClasses } from './layer-converters.js';
export type {
  LayersModelArtifacts,
  LayersModelWeightSpec,
  LayersModelWeightsGroup,
} from './layers-model-artifacts.js';
export {
  type LayersModelToOnnxOptions,
  layersModelToOnnx,
  layersModelToOnnxModel,
} from './layers-model-to-onnx.js';
