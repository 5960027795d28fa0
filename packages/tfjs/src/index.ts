/**
 * `@gradcam/tfjs`: Grad-CAM and the CAM family for TensorFlow.js models (LayersModel and GraphModel), on every
 * tfjs backend. Node helpers (loading a model from disk) are in `@gradcam/tfjs/node`.
 *
 * @packageDocumentation
 */
export { createTfjsBackend, type TfjsBackendOptions } from './create-tfjs-backend.js';
export { isGraphModel, isLayersModel } from './is-model.js';
export { registerMissingGradientKernels } from './kernels/register-gradient-kernels.js';
export { registerWasmTrainingKernels } from './kernels/register-wasm-training-kernels.js';
export type { TfCore } from './tf-core.js';
export type { ActivationsRequest, TfjsBackend } from './tfjs-backend.js';
