import { channelSum } from '../math/channel-sum.js';
import { firstPrincipalComponent } from '../math/first-principal-component.js';
import { scaleChannels } from '../math/scale-channels.js';
import { weightedChannelSum } from '../math/weighted-channel-sum.js';
import type { CamOutput } from '../methods/cam-method.js';
import type { HeatMap, SpatialTensor } from '../tensor.js';

/** Turns a method's output into one raw map per sample. */
export function reduceChannels(
  output: CamOutput,
  activations: SpatialTensor,
  eigenSmooth: boolean,
): HeatMap[] {
  if (output.kind === 'channel-weights') {
    return eigenSmooth
      ? firstPrincipalComponent(scaleChannels(activations, output.weights))
      : weightedChannelSum(activations, output.weights);
  }
  return output.projection || eigenSmooth
    ? firstPrincipalComponent(output.tensor)
    : channelSum(output.tensor);
}
