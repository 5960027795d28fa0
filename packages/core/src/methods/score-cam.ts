import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';
import {
  type ChannelSelection,
  selectChannels,
  selectionRequirements,
  targetScore,
} from './channel-selection.js';
import { maskedInputLogits } from './masked-input-logits.js';
import type { ScoreCamCache } from './score-cam-cache.js';

/** Options of {@link createScoreCam}. */
export interface ScoreCamOptions {
  /** Masked inputs per forward call (capped by the backend's `maxBatchSize`). @default 32 */
  readonly batchSize?: number;
  /**
   * Evaluate only the top-ranked channels. Ranking `by: 'gradient'` makes the method need the backend's
   * gradients too. @default all channels
   */
  readonly channels?: ChannelSelection;
  /**
   * Scores of masked inputs kept from earlier calls ({@link createScoreCamCache}): masked inputs found there do
   * not run again, so explaining the same input for several classes costs the forward passes of one.
   * @default no cache
   */
  readonly cache?: ScoreCamCache;
}

/**
 * Score-CAM (Wang et al., CVPR-W 2020), as pytorch-grad-cam computes it: each activation channel is upsampled to
 * the input size (bilinear, aligned corners), min-max normalised (`(m - min) / (max - min + 1e-8)`), multiplied
 * into the input; the target score of each masked input, softmaxed over the channels, is the channel's weight.
 * Needs the backend's `forward` capability (and `gradients` when channels are ranked by gradient); runs one
 * forward pass per channel and sample, in batches (none for the masked inputs found in `options.cache`).
 */
export function createScoreCam(options: ScoreCamOptions = {}): CamMethod {
  return {
    name: 'scorecam',
    requires: selectionRequirements(['forward'], options.channels),
    async compute(context) {
      const { backend, input, activations, targetWeights, onProgress } = context;
      if (!backend.forward) {
        throw new CapabilityNotSupportedError(
          'forward',
          backend.name,
          'Score-CAM runs the model on masked inputs.',
        );
      }
      const batchSize = Math.max(
        1,
        Math.min(options.batchSize ?? 32, backend.capabilities.maxBatchSize ?? Infinity),
      );
      const dims = spatialDimensions(activations.shape, activations.layout);
      const inputDims = spatialDimensions(input.shape, input.layout);
      const sampleSize = inputDims.height * inputDims.width * inputDims.channels;
      const classes = context.scores.shape[1];
      const selected = selectChannels(context, options.channels);
      const total = selected.reduce((sum, channels) => sum + channels.length, 0);
      const weights = new Float32Array(dims.batch * dims.channels);
      let done = 0;
      for (let n = 0; n < dims.batch; n++) {
        const channels = selected[n]!;
        const sample = {
          backend,
          layer: context.layer,
          data: input.data,
          start: n * sampleSize,
          size: sampleSize,
        };
        // Per selected channel, the scores of all classes for the input masked by it.
        const rows: (Float32Array | undefined)[] = channels.map((channel) =>
          options.cache?.get(sample, channel),
        );
        const missing = channels.flatMap((_, index) => (rows[index] ? [] : [index]));
        if (missing.length < channels.length) {
          done += channels.length - missing.length;
          onProgress?.(done, total);
        }
        const computed = await maskedInputLogits(
          context,
          n,
          missing.map((index) => channels[index]!),
          batchSize,
          (size) => {
            done += size;
            onProgress?.(done, total);
          },
        );
        missing.forEach((index, row) => {
          rows[index] = computed[row]!;
          options.cache?.set(sample, channels[index]!, computed[row]!);
        });
        const scores = Float64Array.from(rows, (logits) =>
          targetScore(logits!, 0, targetWeights, n, classes),
        );
        const peak = Math.max(...scores);
        let sum = 0;
        const exps = scores.map((score) => {
          const value = Math.exp(score - peak);
          sum += value;
          return value;
        });
        channels.forEach((channel, index) => {
          weights[n * dims.channels + channel] = exps[index]! / sum;
        });
      }
      return { kind: 'channel-weights', weights };
    },
  };
}
