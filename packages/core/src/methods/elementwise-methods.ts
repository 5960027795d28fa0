import { elementwise } from '../math/elementwise.js';
import type { CamMethod } from './cam-method.js';
import { requireGradients } from './gradient-methods.js';

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

/** LayerCAM (Jiang et al., IEEE TIP 2021): `sum_c max(g, 0) * A`. */
export const layerCam: CamMethod = {
  name: 'layercam',
  requires: ['gradients'],
  compute: (context) => ({
    kind: 'weighted-activations',
    tensor: elementwise(
      requireGradients(context, 'layercam'),
      context.activations,
      (g, a) => Math.max(g, 0) * a,
    ),
  }),
};

/**
 * Eigen-CAM (Muhammad & Yeasin, IJCNN 2020): the first principal component of the activations. Needs no
 * gradients and no target. See `firstPrincipalComponent` for how the sign is fixed.
 */
export const eigenCam: CamMethod = {
  name: 'eigencam',
  requires: [],
  compute: (context) => ({ kind: 'weighted-activations', tensor: context.activations, projection: true }),
};

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
