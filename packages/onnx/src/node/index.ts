/**
 * `@gradcam/onnx/node`: the Node-only helpers (file system access), kept out of the main entry so that it bundles
 * for browsers.
 *
 * @packageDocumentation
 */
export { readOnnxModel } from './read-onnx-model.js';
