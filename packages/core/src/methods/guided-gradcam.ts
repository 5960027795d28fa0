import { guidedGradCam as multiply } from '../input-space/guided-grad-cam.js';
import { gradCam } from './grad-cam.js';
import { guidedBackprop } from './guided-backprop.js';
import type { InputMethod } from './input-method.js';

/**
 * Guided Grad-CAM (Selvaraju et al. 2017): Guided Backpropagation times the Grad-CAM map (at `explain`'s layers,
 * normalised and resized to the input), channel by channel, as pytorch-grad-cam's example does.
 */
export const guidedGradcam: InputMethod = {
  kind: 'input',
  name: 'guided-gradcam',
  requires: ['inputGradients', 'gradients'],
  usesLayers: true,
  async compute(context) {
    const layerMaps = await context.layerMapsOf(gradCam);
    const { attributions } = await guidedBackprop.compute(context);
    return { attributions: multiply(attributions, layerMaps.maps), layerMaps };
  },
};
