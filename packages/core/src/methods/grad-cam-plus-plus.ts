import { elementIndexer } from '../math/element-indexer.js';
import { spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';
import { requireGradients } from './require-gradients.js';

/**
 * Grad-CAM++ (Chattopadhay et al., WACV 2018), equation 19 with the exponential-score simplification, as
 * pytorch-grad-cam computes it: `a = g^2 / (2 g^2 + sum_{hw}(A) g^3 + 1e-6)` (0 where `g = 0`), and the channel
 * weight is `sum_{hw} max(g, 0) * a`.
 */
export const gradCamPlusPlus: CamMethod = {
  name: 'gradcam++',
  requires: ['gradients'],
  compute(context) {
    const gradients = requireGradients(context, 'gradcam++');
    const { activations } = context;
    const { batch, channels, height, width } = spatialDimensions(gradients.shape, gradients.layout);
    const area = height * width;
    const at = elementIndexer(gradients);
    const weights = new Float32Array(batch * channels);
    for (let n = 0; n < batch; n++) {
      for (let c = 0; c < channels; c++) {
        let activationSum = 0;
        for (let pixel = 0; pixel < area; pixel++) activationSum += activations.data[at(n, c, pixel)]!;
        let weight = 0;
        for (let pixel = 0; pixel < area; pixel++) {
          const g = gradients.data[at(n, c, pixel)]!;
          if (g === 0) continue;
          const g2 = g * g;
          const alpha = g2 / (2 * g2 + activationSum * g2 * g + 1e-6);
          if (g > 0) weight += g * alpha;
        }
        weights[n * channels + c] = weight;
      }
    }
    return { kind: 'channel-weights', weights };
  },
};
