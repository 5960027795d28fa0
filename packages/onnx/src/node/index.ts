/**
 * `@gradcam/onnx/node`: the Node-only helpers (file system access), kept out of the main entry so that it bundles
 * for browsers: reading ONNX model files, and reading TensorFlow.js models from disk to export them to ONNX.
 *
 * @packageDocumentation
 */
export { layersModelFileToOnnx, readLayersModelArtifacts } from './read-layers-model-artifacts.js';
export { readOnnxModel } from './read-onnx-model.js';
