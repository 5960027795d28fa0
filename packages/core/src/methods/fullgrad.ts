import { throwIfAborted } from '../errors/abort-error.js';
import { type BiasGradient, fullGradMaps } from '../input-space/full-grad.js';
import { requireSpatial } from '../tensor.js';
import type { InputMethod } from './input-method.js';

/**
 * FullGrad (Srinivas and Fleuret 2019): `|input gradient × input|` plus `|bias × gradient|` at the output of every
 * layer with a bias (`layerBiases()`), each channel normalised and resized to the input, summed; as
 * pytorch-grad-cam's `FullGrad`. One gradient pass per biased layer. Its attributions have one channel.
 */
export const fullgrad: InputMethod = {
  kind: 'input',
  name: 'fullgrad',
  requires: ['inputGradients', 'gradients', 'layerBiases'],
  async compute({ backend, input, gradients, targetWeights, signal, onProgress }) {
    const biases = await backend.layerBiases!();
    const biasGradients: BiasGradient[] = [];
    for (const [index, { layer, bias }] of biases.entries()) {
      throwIfAborted(signal);
      const result = await backend.forwardWithGradient({
        input,
        layer,
        target: { kind: 'weights', weights: targetWeights },
      });
      biasGradients.push({ gradients: requireSpatial(result.gradients, `the gradient at "${layer}"`), bias });
      onProgress?.(index + 1, biases.length);
    }
    const maps = fullGradMaps(input, gradients, biasGradients);
    const [batch, a, b, c] = input.shape;
    const data = new Float32Array(maps.length * maps[0]!.data.length);
    maps.forEach((map, n) => data.set(map.data, n * map.data.length));
    const shape: [number, number, number, number] =
      input.layout === 'nchw' ? [batch, 1, b, c] : [batch, a, b, 1];
    return { attributions: { data, shape, layout: input.layout } };
  },
};
