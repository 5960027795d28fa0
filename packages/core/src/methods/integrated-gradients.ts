import { type IntegrationRule, integratedGradients } from '../input-space/integrated-gradients.js';
import type { SpatialTensor } from '../tensor.js';
import type { InputMethod } from './input-method.js';

/** Options of the `integrated-gradients` method (see `integratedGradients`). */
export interface IntegratedGradientsMethodOptions {
  /** Gradient evaluations along the path per sample. @default 50 */
  readonly steps?: number;
  /** The baseline: a value for every element, or a tensor of one sample's or the batch's shape. @default 0 */
  readonly baseline?: number | SpatialTensor;
  /** The quadrature rule. @default 'riemann-middle' */
  readonly rule?: IntegrationRule;
  /** Largest batch per backend call. @default 32 */
  readonly batchSize?: number;
}

/**
 * Integrated Gradients (Sundararajan et al. 2017): the input minus the baseline times the mean gradient along the
 * straight path between them. Reports each sample's completeness (attributions' sum against the score
 * difference) in the explanation.
 *
 * @param options - see {@link IntegratedGradientsMethodOptions}.
 */
export function createIntegratedGradients(options: IntegratedGradientsMethodOptions = {}): InputMethod {
  return {
    kind: 'input',
    name: 'integrated-gradients',
    requires: ['inputGradients'],
    async compute({ backend, input, targetWeights, signal, onProgress }) {
      const result = await integratedGradients(
        backend,
        input,
        { kind: 'weights', weights: targetWeights },
        {
          ...options,
          ...(signal ? { signal } : {}),
          ...(onProgress ? { onProgress } : {}),
        },
      );
      return { attributions: result.attributions, completeness: result.completeness };
    },
  };
}
