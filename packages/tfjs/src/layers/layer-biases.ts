import type { LayerBias } from '@gradcam/core';
import type { KerasLayerLike, LayerVariableLike } from './keras-internals.js';
import type { LayerStep } from './layers-program.js';

/** Convolution layers whose bias is added per output channel. */
const convolutions = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D']);

interface BatchNormFields {
  readonly epsilon?: number;
  readonly center?: boolean;
  readonly scale?: boolean;
  readonly gamma?: LayerVariableLike | null;
  readonly beta?: LayerVariableLike | null;
  readonly movingMean?: LayerVariableLike;
  readonly movingVariance?: LayerVariableLike;
}

const values = (variable: LayerVariableLike) =>
  Float32Array.from(variable.read().dataSync() as ArrayLike<number>);

/**
 * The layer calls of a LayersModel whose 4-D output is a per-channel bias added to something (for FullGrad), in
 * execution order: convolutions with a bias and a linear activation (with another activation the output is
 * no longer the biased value: such layers are left out), and batch normalisations with their folded bias
 * `beta - movingMean * gamma / sqrt(movingVariance + epsilon)`.
 *
 * @param steps - the model's layer calls.
 */
export function layersModelBiases(steps: readonly LayerStep[]): LayerBias[] {
  const biases: LayerBias[] = [];
  for (const step of steps) {
    if (step.outputShape.length !== 4) continue;
    const layer: KerasLayerLike & BatchNormFields = step.layer;
    if (convolutions.has(step.kind) && layer.bias) {
      const activation = layer.activation?.getClassName() ?? 'linear';
      if (activation === 'linear' || step.linear) biases.push({ layer: step.name, bias: values(layer.bias) });
    } else if (step.kind === 'BatchNormalization' && layer.movingMean && layer.movingVariance) {
      const mean = values(layer.movingMean);
      const variance = values(layer.movingVariance);
      const gamma = layer.gamma && layer.scale !== false ? values(layer.gamma) : undefined;
      const beta = layer.beta && layer.center !== false ? values(layer.beta) : undefined;
      const epsilon = layer.epsilon ?? 1e-3;
      const bias = mean.map(
        (m, c) => (beta?.[c] ?? 0) - (m * (gamma?.[c] ?? 1)) / Math.sqrt(variance[c]! + epsilon),
      );
      biases.push({ layer: step.name, bias });
    }
  }
  return biases;
}
