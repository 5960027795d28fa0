import type { LayerBias } from '@gradcam/core';
import { floatAttribute } from '../proto/attributes.js';
import type { ProbedModel } from './probed-model.js';

/**
 * The 4-D float tensors of the model that a constant per-channel bias was added to, in execution order: `Conv`
 * outputs with a constant bias input, and `BatchNormalization` outputs (inference) with their folded bias
 * `B - mean * scale / sqrt(var + epsilon)`. Convolutions without a bias and computed biases are left out.
 *
 * @param probed - the model with its tensor shapes.
 */
export function layerBiases(probed: ProbedModel): LayerBias[] {
  const biases: LayerBias[] = [];
  for (const tensor of probed.computed) {
    const { node, info, name } = tensor;
    if (info.shape.length !== 4 || (node.output ?? [])[0] !== name) continue;
    const domain = node.domain ?? '';
    if (domain !== '' && domain !== 'ai.onnx') continue;
    const inputs = node.input ?? [];
    const channels = info.shape[1];
    if (node.opType === 'Conv' && inputs[2]) {
      const bias = constantThroughIdentities(probed, inputs[2]);
      if (bias && bias.length === channels) biases.push({ layer: name, bias: Float32Array.from(bias) });
    } else if (node.opType === 'BatchNormalization' && inputs.length >= 5) {
      const [scale, offset, mean, variance] = [1, 2, 3, 4].map((index) =>
        constantThroughIdentities(probed, inputs[index]!),
      );
      if (!scale || !offset || !mean || !variance || offset.length !== channels) continue;
      const epsilon = floatAttribute(node, 'epsilon', 1e-5);
      const bias = offset.map((beta, c) => beta - (mean[c]! * scale[c]!) / Math.sqrt(variance[c]! + epsilon));
      biases.push({ layer: name, bias: Float32Array.from(bias) });
    }
  }
  return biases;
}

/**
 * The value of a constant tensor, also when it reaches the node through `Identity` nodes (exporters write a
 * repeated initializer once and pass it on through an `Identity`).
 */
function constantThroughIdentities(probed: ProbedModel, name: string): number[] | undefined {
  const { graph } = probed;
  let current = name;
  for (let depth = 0; depth < 16; depth++) {
    const value = graph.constantValue(current);
    if (value) return value;
    const producer = graph.nodes.find((node) => (node.output ?? []).includes(current));
    if (!producer || producer.opType !== 'Identity' || !producer.input?.[0]) return undefined;
    current = producer.input[0];
  }
  return undefined;
}
