import { elementIndexer } from '../math/element-indexer.js';
import { spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';
import { requireGradients } from './require-gradients.js';

/**
 * XGrad-CAM (Fu et al., BMVC 2020): the channel weight is `sum_{hw}(g * A) / (sum_{hw}(A) + 1e-7)`.
 */
export const xGradCam: CamMethod = {
  name: 'xgradcam',
  requires: ['gradients'],
  compute(context) {
    const gradients = requireGradients(context, 'xgradcam');
    const { activations } = context;
    const { batch, channels, height, width } = spatialDimensions(gradients.shape, gradients.layout);
    const area = height * width;
    const at = elementIndexer(gradients);
    const weights = new Float32Array(batch * channels);
    for (let n = 0; n < batch; n++) {
      for (let c = 0; c < channels; c++) {
        let activationSum = 0;
        let product = 0;
        for (let pixel = 0; pixel < area; pixel++) {
          const a = activations.data[at(n, c, pixel)]!;
          activationSum += a;
          product += a * gradients.data[at(n, c, pixel)]!;
        }
        weights[n * channels + c] = product / (activationSum + 1e-7);
      }
    }
    return { kind: 'channel-weights', weights };
  },
};
