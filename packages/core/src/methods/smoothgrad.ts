import { smoothGrad } from '../input-space/smooth-grad.js';
import type { InputMethod } from './input-method.js';

/** Options of the `smoothgrad` method (see `smoothGrad`). */
export interface SmoothGradMethodOptions {
  /** Noisy copies averaged per sample. @default 50 */
  readonly samples?: number;
  /** Noise standard deviation as a fraction of each sample's value range. @default 0.15 */
  readonly noiseLevel?: number;
  /** Seed of the noise. @default 0 */
  readonly seed?: number;
  /** Largest batch per backend call. @default 32 */
  readonly batchSize?: number;
}

/**
 * SmoothGrad (Smilkov et al. 2017): the input gradient averaged over noisy copies of the input.
 *
 * @param options - see {@link SmoothGradMethodOptions}.
 */
export function createSmoothGrad(options: SmoothGradMethodOptions = {}): InputMethod {
  return {
    kind: 'input',
    name: 'smoothgrad',
    requires: ['inputGradients'],
    async compute({ backend, input, targetWeights, signal, onProgress }) {
      const result = await smoothGrad(
        backend,
        input,
        { kind: 'weights', weights: targetWeights },
        {
          ...options,
          ...(signal ? { signal } : {}),
          ...(onProgress ? { onProgress } : {}),
        },
      );
      return { attributions: result.gradients };
    },
  };
}
