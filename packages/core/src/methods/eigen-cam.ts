import type { CamMethod } from './cam-method.js';

/**
 * Eigen-CAM (Muhammad & Yeasin, IJCNN 2020): the first principal component of the activations. Needs no
 * gradients and no target. See `firstPrincipalComponent` for how the sign is fixed.
 */
export const eigenCam: CamMethod = {
  name: 'eigencam',
  requires: [],
  compute: (context) => ({ kind: 'weighted-activations', tensor: context.activations, projection: true }),
};
