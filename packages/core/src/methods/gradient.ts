import type { InputMethod } from './input-method.js';

/**
 * Vanilla gradient (Simonyan et al. 2013, "saliency map"): the gradient of the target score with respect to the
 * input. Its display map is the largest absolute value over the channels.
 */
export const gradient: InputMethod = {
  kind: 'input',
  name: 'gradient',
  requires: ['inputGradients'],
  compute: ({ gradients }) => ({ attributions: gradients }),
};
