import { elementwise } from '../math/elementwise.js';
import type { CamMethod } from './cam-method.js';
import { requireGradients } from './require-gradients.js';

/** Eigen-Grad-CAM: the first principal component of `g * A` (class-discriminative, like Grad-CAM). */
export const eigenGradCam: CamMethod = {
  name: 'eigengradcam',
  requires: ['gradients'],
  compute: (context) => ({
    kind: 'weighted-activations',
    tensor: elementwise(requireGradients(context, 'eigengradcam'), context.activations, (g, a) => g * a),
    projection: true,
  }),
};
