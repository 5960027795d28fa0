import type { Tensor, TfCore } from '../tf-core.js';
import type { FlippedFilterCache } from './flipped-filter-cache.js';
import type { KerasActivationLike, KerasLayerLike } from './keras-internals.js';
import type { LayerStep } from './layers-program.js';
import { unfusedLayers } from './unfused-layers.js';

/**
 * How a layer call runs:
 *
 * - `'inference'`: exactly as the model runs it (tfjs-layers' fused kernels), for passes without gradients.
 * - `'gradient'`: inside a gradient tape, with the {@link unfusedLayers} implementations where they apply, so
 *   that the backward pass computes input gradients only.
 */
export type StepMode = 'inference' | 'gradient';

const linearActivation: KerasActivationLike = {
  apply: (x) => x,
  getClassName: () => 'linear',
};

/**
 * Runs one layer call on concrete tensors and returns its outputs.
 *
 * @param tf - the TensorFlow.js namespace.
 * @param step - the call.
 * @param inputs - its input tensors, in order.
 * @param mode - see {@link StepMode}.
 * @param filters - transposed convolution filters kept between calls (gradient mode).
 */
export function runLayerStep(
  tf: TfCore,
  step: LayerStep,
  inputs: readonly Tensor[],
  mode: StepMode,
  filters: FlippedFilterCache,
): Tensor[] {
  const { layer } = step;
  const [first] = inputs;
  if (mode === 'gradient' && inputs.length === 1 && first) {
    const unfused = Object.hasOwn(unfusedLayers, step.kind) ? unfusedLayers[step.kind] : undefined;
    const output = unfused?.(tf, layer, first, { linear: step.linear, kwargs: step.kwargs, filters });
    if (output) return [output];
  }
  const call = () => layer.call(inputs.length === 1 ? first! : [...inputs], { ...step.kwargs });
  const outputs = step.linear ? withActivation(layer, linearActivation, call) : call();
  return Array.isArray(outputs) ? outputs : [outputs];
}

/** Runs `body` with the layer's activation temporarily replaced (restored even when `body` throws). */
function withActivation<T>(layer: KerasLayerLike, activation: KerasActivationLike, body: () => T): T {
  const original = layer.activation;
  layer.activation = activation;
  try {
    return body();
  } finally {
    layer.activation = original;
  }
}
