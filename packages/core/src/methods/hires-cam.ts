import { elementwise } from '../math/elementwise.js';
import type { CamMethod } from './cam-method.js';
import { requireGradients } from './require-gradients.js';

/**
 * HiResCAM (Draelos & Carin, 2020): the element-wise product of gradients and activations, summed over channels
 * (no spatial averaging of the gradient), so the map is faithful to the model's computation.
 */
export const hiResCam: CamMethod = {
  name: 'hirescam',
  requires: ['gradients'],
  compute: (context) => ({
    kind: 'weighted-activations',
    tensor: elementwise(requireGradients(context, 'hirescam'), context.activations, (g, a) => g * a),
  }),
};
