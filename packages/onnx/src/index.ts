/**
 * `@gradcam/onnx`: exact Grad-CAM (and the rest of the CAM family) for ONNX models on ONNX Runtime, Node and
 * browsers, by generating the backward pass as ONNX operators.
 *
 * @packageDocumentation
 */
export { createOnnxBackend } from './backend/create-onnx-backend.js';
export type { OnnxBackend } from './backend/onnx-backend.js';
export type { OnnxBackendOptions } from './backend/onnx-backend-options.js';
export { OnnxRuntimeError } from './errors/onnx-runtime-error.js';
export { UnsupportedLayerError } from './errors/unsupported-layer-error.js';
export {
  type LayersModelArtifacts,
  type LayersModelToOnnxOptions,
  type LayersModelWeightSpec,
  type LayersModelWeightsGroup,
  layersModelToOnnx,
  layersModelToOnnxModel,
  supportedLayerClasses,
} from './export/index.js';
export { supportedGradientOperators } from './gradients/registry.js';
export type { ModelProto } from './proto/onnx.js';
export type { OrtModule, OrtSession, OrtSessionOptions, OrtTensor } from './runtime/ort-module.js';
