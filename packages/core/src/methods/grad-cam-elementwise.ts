import { elementwise } from '../math/elementwise.js';
import type { CamMethod } from './cam-method.js';
import { requireGradients } from './require-gradients.js';

/** Grad-CAM element-wise (pytorch-grad-cam's `GradCAMElementWise`): `sum_c max(g * A, 0)`. */
export const gradCamElementwise: CamMethod = {
  name: 'gradcam-elementwise',
  requires: ['gradients'],
  compute: (context) => ({
    kind: 'weighted-activations',
    tensor: elementwise(requireGradients(context, 'gradcam-elementwise'), context.activations, (g, a) =>
      Math.max(g * a, 0),
    ),
  }),
};
