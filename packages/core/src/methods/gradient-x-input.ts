import { gradientTimesInput } from '../input-space/gradient-times-input.js';
import type { InputMethod } from './input-method.js';

/** Gradient × Input (Shrikumar et al. 2016): the input gradient times the input, element by element. */
export const gradientXInput: InputMethod = {
  kind: 'input',
  name: 'gradient-x-input',
  requires: ['inputGradients'],
  compute: ({ gradients, input }) => ({ attributions: gradientTimesInput(gradients, input) }),
};
