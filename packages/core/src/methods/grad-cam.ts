import { channelMeans } from '../math/channel-means.js';
import { weightedChannelSum } from '../math/weighted-channel-sum.js';
import { spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';

/**
 * Grad-CAM (Selvaraju et al., ICCV 2017): each channel is weighted by the spatial mean of the gradient of the
 * target score with respect to it.
 */
export const gradCam: CamMethod = {
  name: 'gradcam',
  compute({ result }) {
    const { activations, gradients } = result;
    const { batch, channels } = spatialDimensions(gradients.shape, gradients.layout);
    const weights = channelMeans(gradients);
    const channelWeights = Array.from({ length: batch }, (_, sample) =>
      weights.slice(sample * channels, (sample + 1) * channels),
    );
    return { maps: weightedChannelSum(activations, weights), channelWeights };
  },
};
