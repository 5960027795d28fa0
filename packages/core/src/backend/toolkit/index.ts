export { DisposedGuard } from './disposed-guard.js';
export { resolveFixedTarget } from './fixed-target.js';
export { type LayerActivationsOptions, validateLayerActivations } from './layer-activations.js';
export { candidateLayerNames, requireSpatialLayer } from './spatial-layer.js';
