import { throwIfAborted } from '../errors/abort-error.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { elementIndexer } from '../math/element-indexer.js';
import { type SpatialTensor, spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';
import {
  type ChannelSelection,
  selectChannels,
  selectionRequirements,
  targetScore,
} from './channel-selection.js';

/** Options of {@link createAblationCam}. */
export interface AblationCamOptions {
  /** Ablated copies per head call (capped by the backend's `maxBatchSize`). @default 32 */
  readonly batchSize?: number;
  /**
   * Ablate only the top-ranked channels; the others get weight 0. Ranking `by: 'gradient'` makes the method
   * need the backend's gradients too. @default all channels
   */
  readonly channels?: ChannelSelection;
}

/**
 * Ablation-CAM (Desai & Ramaswamy, WACV 2020), as pytorch-grad-cam computes it: for each channel, the layer's
 * activations with that channel ablated (set to 0 when the sample's minimum activation is 0, else to
 * `min - 1e7`) are run through the rest of the model; the weight is `(y - y_ablated) / y` with `y` the target
 * score. Needs the backend's `headFromActivations` capability.
 */
export function createAblationCam(options: AblationCamOptions = {}): CamMethod {
  return {
    name: 'ablationcam',
    requires: selectionRequirements(['headFromActivations'], options.channels),
    async compute(context) {
      const { backend, activations, input, targetWeights, onProgress, layer, signal } = context;
      if (!backend.headFromActivations) {
        throw new CapabilityNotSupportedError(
          'headFromActivations',
          backend.name,
          'Ablation-CAM runs the model from the layer to the scores on ablated activations.',
        );
      }
      const batchSize = Math.max(
        1,
        Math.min(options.batchSize ?? 32, backend.capabilities.maxBatchSize ?? Infinity),
      );
      const dims = spatialDimensions(activations.shape, activations.layout);
      const area = dims.height * dims.width;
      const sampleSize = area * dims.channels;
      const inputSize = input.data.length / input.shape[0];
      const classes = context.scores.shape[1];
      const selected = selectChannels(context, options.channels);
      const total = selected.reduce((sum, channels) => sum + channels.length, 0);
      const at = elementIndexer(activations);
      const weights = new Float32Array(dims.batch * dims.channels);
      let done = 0;
      for (let n = 0; n < dims.batch; n++) {
        const original = targetScore(context.scores.data, n, targetWeights, n, classes);
        const sample = activations.data.subarray(n * sampleSize, (n + 1) * sampleSize);
        const inputSample = input.data.subarray(n * inputSize, (n + 1) * inputSize);
        let min = Number.POSITIVE_INFINITY;
        for (const value of sample) if (value < min) min = value;
        const ablated = min === 0 ? 0 : min - 1e7;
        const channels = selected[n]!;
        for (let start = 0; start < channels.length; start += batchSize) {
          throwIfAborted(signal);
          const chunk = channels.slice(start, start + batchSize);
          const data = new Float32Array(chunk.length * sampleSize);
          chunk.forEach((channel, row) => {
            data.set(sample, row * sampleSize);
            for (let pixel = 0; pixel < area; pixel++) {
              data[row * sampleSize + at(0, channel, pixel)] = ablated;
            }
          });
          const shape = [chunk.length, ...activations.shape.slice(1)] as unknown as SpatialTensor['shape'];
          // The input of each row too, for backends whose head also reads the layer's bypasses (residuals).
          const inputRows = new Float32Array(chunk.length * inputSize);
          for (let row = 0; row < chunk.length; row++) inputRows.set(inputSample, row * inputSize);
          const scores = await backend.headFromActivations({
            layer,
            activations: { data, shape, layout: activations.layout },
            input: {
              data: inputRows,
              shape: [chunk.length, ...input.shape.slice(1)] as unknown as SpatialTensor['shape'],
              layout: input.layout,
            },
          });
          chunk.forEach((channel, row) => {
            const score = targetScore(scores.data, row, targetWeights, n, classes);
            weights[n * dims.channels + channel] = (original - score) / original;
          });
          done += chunk.length;
          onProgress?.(done, total);
        }
      }
      return { kind: 'channel-weights', weights };
    },
  };
}
