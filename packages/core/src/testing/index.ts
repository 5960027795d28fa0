/**
 * `@gradcam/core/testing`: the conformance suite every Backend implementation runs with its own model loader.
 *
 * @packageDocumentation
 */
export { ConformanceError, check, checkClose, checkRejects } from './assertions.js';
export { type InputGradientCaseOptions, inputGradientCases } from './conformance/input-gradient-cases.js';
export {
  type ConformanceForward,
  type ConformanceModel,
  conformanceForward,
  conformanceGradient,
  conformanceInput,
  conformanceInputGradient,
  conformanceModel,
  denseOutIn,
  kernelOIHW,
  seededRandom,
} from './conformance-model.js';
export {
  type ConformanceCapability,
  type ConformanceCase,
  type ConformanceOptions,
  conformanceCases,
  type LoadedConformanceBackend,
  missingCapabilities,
} from './conformance-suite.js';
export {
  type InputGradientFiniteDifferenceOptions,
  type InputGradientFiniteDifferenceReport,
  inputGradientFiniteDifferences,
} from './input-gradient-finite-differences.js';
export { type ReferenceBackendOptions, referenceBackend } from './reference-backend.js';
export {
  type ConformanceOutcome,
  describeConformance,
  runConformance,
  type TestApi,
} from './run-conformance.js';
