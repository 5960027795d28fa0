export { AbortError, throwIfAborted } from './abort-error.js';
export { CapabilityNotSupportedError } from './capability-not-supported-error.js';
export { ClassIndexOutOfRangeError } from './class-index-out-of-range-error.js';
export { GradcamError, hasErrorCode } from './gradcam-error.js';
export { GradientNotSupportedError } from './gradient-not-supported-error.js';
export { InvalidModelError } from './invalid-model-error.js';
export { LayoutMismatchError } from './layout-mismatch-error.js';
export { ShapeMismatchError } from './shape-mismatch-error.js';
export { UnknownLayerError } from './unknown-layer-error.js';
