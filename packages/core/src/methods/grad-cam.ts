import { channelMeans } from '../math/channel-means.js';
import type { CamMethod } from './cam-method.js';
import { requireGradients } from './require-gradients.js';

/**
 * Grad-CAM (Selvaraju et al., ICCV 2017): each channel is weighted by the spatial mean of the gradient of the
 * target score with respect to it.
 */
export const gradCam: CamMethod = {
  name: 'gradcam',
  requires: ['gradients'],
  compute: (context) => ({
    kind: 'channel-weights',
    weights: channelMeans(requireGradients(context, 'gradcam')),
  }),
};
