import { elementwise } from '../math/elementwise.js';
import type { CamMethod } from './cam-method.js';
import { requireGradients } from './require-gradients.js';

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
