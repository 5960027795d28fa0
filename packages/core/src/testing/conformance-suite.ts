import type { Backend } from '../backend/v1/backend-v1.js';
import type {
  ConformanceCapability,
  ConformanceCase,
  ConformanceOptions,
} from './conformance/conformance-case.js';
import { descriptionCases } from './conformance/description-cases.js';
import { errorCases } from './conformance/error-cases.js';
import { gradientCases } from './conformance/gradient-cases.js';
import { inputGradientCases } from './conformance/input-gradient-cases.js';
import { lifecycleCases } from './conformance/lifecycle-cases.js';
import { optionalCapabilityCases } from './conformance/optional-capability-cases.js';
import { suiteContext } from './conformance/suite-context.js';

export type {
  ConformanceCapability,
  ConformanceCase,
  ConformanceOptions,
  LoadedConformanceBackend,
} from './conformance/conformance-case.js';

function hasCapability(backend: Backend, capability: ConformanceCapability): boolean {
  if (capability === 'countLiveTensors') return typeof backend.countLiveTensors === 'function';
  if (capability === 'dispose') return typeof backend.dispose === 'function';
  if (capability === 'noGradients') return !backend.capabilities.gradients;
  return backend.capabilities[capability] === true;
}

/**
 * The capabilities a case needs that `backend` does not declare (empty when the case can run).
 */
export function missingCapabilities(backend: Backend, testCase: ConformanceCase): ConformanceCapability[] {
  return testCase.requires.filter((capability) => !hasCapability(backend, capability));
}

/**
 * The conformance suite: the checks every backend must pass, as plain data, grouped by concern (what the
 * backend declares, gradient values, behaviour over many calls, typed errors, optional capabilities, input
 * gradients). Run them
 * with {@link describeConformance} (vitest, jest, mocha, node:test) or {@link runConformance} (anywhere).
 */
export function conformanceCases(options: ConformanceOptions): ConformanceCase[] {
  const context = suiteContext(options);
  return [
    ...descriptionCases(context),
    ...gradientCases(context),
    ...lifecycleCases(context),
    ...errorCases(context),
    ...optionalCapabilityCases(context),
    ...inputGradientCases(context),
  ];
}
