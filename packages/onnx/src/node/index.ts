/**
 * `@gradcam/onnx/node`: Node-only helpers (reading TensorFlow.js models from disk to export them to ONNX).
 *
 * @packageDocumentation
 */
export { layersModelFileToOnnx, readLayersModelArtifacts } from './read-layers-model-artifacts.js';
