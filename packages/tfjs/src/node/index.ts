/**
 * `@gradcam/tfjs/node`: Node-only helpers (setting up a TensorFlow.js backend, reading models from disk without
 * tfjs-node).
 *
 * @packageDocumentation
 */

export { BackendSetupError } from './backend-setup-error.js';
export { type LoadTfjsModelOptions, loadTfjsModel } from './load-tfjs-model.js';
export {
  type ModelFiles,
  modelFormat,
  readModelArtifacts,
  type TfjsModelFormat,
} from './read-model-artifacts.js';
export { type SetupTfjsNodeOptions, setupTfjsNode, type TfjsNodeBackendName } from './setup-tfjs-node.js';
