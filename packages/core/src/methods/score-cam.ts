import { throwIfAborted } from '../errors/abort-error.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { elementIndexer } from '../math/element-indexer.js';
import { resizeBilinearAlignCorners } from '../math/resize-bilinear-align-corners.js';
import { type SpatialTensor, spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';
import {
  type ChannelSelection,
  selectChannels,
  selectionRequirements,
  targetScore,
} from './channel-selection.js';
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
      const { backend, input, activations, targetWeights, onProgress, signal } = context;
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
      const inputArea = inputDims.height * inputDims.width;
      const sampleSize = inputArea * inputDims.channels;
      const classes = context.scores.shape[1];
      const selected = selectChannels(context, options.channels);
      const total = selected.reduce((sum, channels) => sum + channels.length, 0);
      const at = elementIndexer(activations);
      const inputAt = elementIndexer(input);
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
        for (let start = 0; start < missing.length; start += batchSize) {
          throwIfAborted(signal);
          const chunk = missing.slice(start, start + batchSize).map((index) => channels[index]!);
          const data = new Float32Array(chunk.length * sampleSize);
          chunk.forEach((channel, row) => {
            const plane = new Float32Array(dims.height * dims.width);
            for (let pixel = 0; pixel < plane.length; pixel++)
              plane[pixel] = activations.data[at(n, channel, pixel)]!;
            const mask = resizeBilinearAlignCorners(
              { data: plane, height: dims.height, width: dims.width },
              inputDims.height,
              inputDims.width,
            ).data;
            let min = Number.POSITIVE_INFINITY;
            let max = Number.NEGATIVE_INFINITY;
            for (const value of mask) {
              if (value < min) min = value;
              if (value > max) max = value;
            }
            const range = max - min + 1e-8;
            for (let pixel = 0; pixel < inputArea; pixel++) {
              const m = (mask[pixel]! - min) / range;
              for (let c = 0; c < inputDims.channels; c++) {
                const index = inputAt(n, c, pixel);
                data[row * sampleSize + (index - n * sampleSize)] = input.data[index]! * m;
              }
            }
          });
          const shape = [chunk.length, ...input.shape.slice(1)] as unknown as SpatialTensor['shape'];
          const result = await backend.forward({ input: { data, shape, layout: input.layout } });
          chunk.forEach((channel, row) => {
            const logits = result.scores.data.slice(row * classes, (row + 1) * classes);
            rows[missing[start + row]!] = logits;
            options.cache?.set(sample, channel, logits);
          });
          done += chunk.length;
          onProgress?.(done, total);
        }
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
