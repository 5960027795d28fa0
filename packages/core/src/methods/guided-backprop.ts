import { throwIfAborted } from '../errors/abort-error.js';
import type { InputMethod } from './input-method.js';

/**
 * Guided Backpropagation (Springenberg et al. 2015): the input gradient with every ReLU passing gradient back
 * only where its input and the incoming gradient are positive, as pytorch-grad-cam's `GuidedBackpropReLUModel`.
 */
export const guidedBackprop: InputMethod = {
  kind: 'input',
  name: 'guided-backprop',
  requires: ['inputGradients'],
  async compute({ backend, input, targetWeights, signal }) {
    throwIfAborted(signal);
    const result = await backend.forwardWithInputGradient!({
      input,
      target: { kind: 'weights', weights: targetWeights },
      guided: true,
    });
    return { attributions: result.gradients };
  },
};
