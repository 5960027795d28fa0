import type { Backend } from '../backend/v1/backend-v1.js';
import { throwIfAborted } from '../errors/abort-error.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import type { CamMethod } from '../methods/cam-method.js';
import type { Target } from '../target/target.js';
import { resolveTarget } from '../target/target-weights.js';
import { type HeatMap, requireSpatial, type ScoreTensor, type SpatialTensor } from '../tensor.js';
import type { TokenGridOptions } from '../tokens/token-grid.js';
import { tokenGridBackend, tokenGridOf } from '../tokens/token-grid-backend.js';
import { now, type PassTiming } from './clock.js';
import { reduceChannels } from './reduce-channels.js';

/** What one layer's pass of a method produced. */
export interface LayerPass {
  /** The layer. */
  readonly layer: string;
  /** Scores of the input batch. */
  readonly scores: ScoreTensor;
  /** Per sample, the class explained (`null` for a weighting). */
  readonly classIndices: readonly (number | null)[];
  /** Per sample, the map before ReLU. */
  readonly maps: readonly HeatMap[];
  /** Per sample, the channel weights when the method has them. */
  readonly channelWeights?: readonly Float32Array[];
}

/** Options of {@link runLayerPass}. */
export interface LayerPassOptions {
  /** The method forming the maps. */
  readonly method: CamMethod;
  /** Reduce by the first principal component instead of the channel sum. */
  readonly eigenSmooth: boolean;
  /** Progress of many-pass methods. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Checked before the pass and handed to the method (many-pass methods check it between batches). */
  readonly signal?: AbortSignal | undefined;
  /** Accumulates where the time goes. */
  readonly timing: PassTiming;
  /** How a token layer's tokens form a grid (what is left out is inferred from the input's size). */
  readonly tokens?: TokenGridOptions | undefined;
}

/**
 * pytorch-grad-cam's `compute_cam_per_layer` for one layer: runs the backend once (with gradients when the
 * method needs them, forward-only otherwise) and forms the raw maps with the method ({@link reduceChannels}).
 */
export async function runLayerPass(
  backend: Backend,
  input: SpatialTensor,
  layer: string,
  target: Target,
  options: LayerPassOptions,
): Promise<LayerPass> {
  const { method } = options;
  // A token layer's tokens are read as the grid of their patches (tokenGridBackend); other layers pass through.
  const view = tokenGridBackend(backend, options.tokens);
  throwIfAborted(options.signal);
  const backendStarted = now();
  let scores: ScoreTensor;
  let activations: SpatialTensor;
  let gradients: SpatialTensor | undefined;
  const withGradients =
    method.requires.includes('gradients') ||
    (backend.capabilities.gradients && (!backend.forward || method.prefers?.includes('gradients') === true));
  if (withGradients) {
    const result = await view.forwardWithGradient({ input, layer, target });
    scores = result.scores;
    activations = requireSpatial(result.activations, `The activations of "${layer}"`);
    gradients = requireSpatial(result.gradients, `The gradients at "${layer}"`);
  } else if (view.forward) {
    const result = await view.forward({ input, layers: [layer] });
    scores = result.scores;
    const found = result.activations[layer];
    if (!found) throw new CapabilityNotSupportedError(`forward activations of "${layer}"`, backend.name);
    activations = requireSpatial(found, `The activations of "${layer}"`);
  } else {
    throw new CapabilityNotSupportedError(
      'forward',
      backend.name,
      `${method.name} needs forward or gradients.`,
    );
  }
  const camStarted = now();
  options.timing.backendMs += camStarted - backendStarted;
  const resolved = resolveTarget(target, scores);
  const output = await method.compute({
    backend: tokenGridOf(view, layer) ? view : backend,
    input,
    layer,
    scores,
    activations,
    ...(gradients ? { gradients } : {}),
    targetWeights: resolved.weights,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const maps = reduceChannels(output, activations, options.eigenSmooth);
  options.timing.camMs += now() - camStarted;
  const batch = scores.shape[0];
  const channelWeights =
    output.kind === 'channel-weights'
      ? Array.from({ length: batch }, (_, n) => {
          const channels = output.weights.length / batch;
          return output.weights.slice(n * channels, (n + 1) * channels);
        })
      : undefined;
  return {
    layer,
    scores,
    classIndices: resolved.classIndices,
    maps,
    ...(channelWeights ? { channelWeights } : {}),
  };
}
