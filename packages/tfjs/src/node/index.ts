/**
 * `@gradcam/tfjs/node`: Node-only helpers (reading models from disk without tfjs-node).
 *
 * @packageDocumentation
 */
export { type LoadTfjsModelOptions, loadTfjsModel } from './load-tfjs-model.js';
export {
  type ModelFiles,
  modelFormat,
  readModelArtifacts,
  type TfjsModelFormat,
} from './read-model-artifacts.js';
