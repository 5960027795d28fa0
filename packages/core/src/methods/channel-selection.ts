import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { channelMeans } from '../math/channel-means.js';
import type { CamContext, CamMethod } from './cam-method.js';

/**
 * Which channels a many-pass method (Score-CAM, Ablation-CAM) evaluates. Evaluating only the top `count`
 * channels cuts the number of forward passes by `channels / count`; the channels left out get weight 0, so the
 * map misses whatever they would have added (usually little: low-activation channels contribute little).
 */
export interface ChannelSelection {
  /** How many channels to evaluate per sample. */
  readonly top: number;
  /**
   * How channels are ranked: `'activation'` by their mean activation, `'gradient'` by their Grad-CAM weight
   * (needs a backend with gradients: the method then runs the layer pass with gradients). @default 'activation'
   */
  readonly by?: 'activation' | 'gradient';
}

/**
 * A many-pass method's capabilities given its channel selection: `base`, plus `'gradients'` when channels are
 * ranked by gradient (so the layer pass asks the backend for them).
 */
export function selectionRequirements(
  base: CamMethod['requires'],
  selection: ChannelSelection | undefined,
): CamMethod['requires'] {
  return selection?.by === 'gradient' ? [...base, 'gradients'] : base;
}

/**
 * Per sample, the channels to evaluate, in ascending channel order: all of them, or the `top` ranked (ties: the
 * lower channel first).
 *
 * @throws {RangeError} when `top` is not a positive integer.
 * @throws {@link CapabilityNotSupportedError} when ranking by gradient and the context has no gradients.
 */
export function selectChannels(context: CamContext, selection: ChannelSelection | undefined): number[][] {
  const { activations } = context;
  const batch = activations.shape[0];
  const channels = activations.layout === 'nchw' ? activations.shape[1] : activations.shape[3];
  const all = Array.from({ length: channels }, (_, c) => c);
  if (!selection || selection.top >= channels) return Array.from({ length: batch }, () => all);
  if (!(Number.isInteger(selection.top) && selection.top > 0)) {
    throw new RangeError(`channels.top must be a positive integer, got ${selection.top}.`);
  }
  const by = selection.by ?? 'activation';
  if (by === 'gradient' && !context.gradients) {
    throw new CapabilityNotSupportedError(
      'gradients',
      context.backend.name,
      "channels.by = 'gradient' ranks channels by their gradients: rank them by 'activation' on this backend.",
    );
  }
  const ranking = channelMeans(by === 'gradient' ? context.gradients! : activations);
  return Array.from({ length: batch }, (_, n) =>
    [...all]
      .sort((a, b) => ranking[n * channels + b]! - ranking[n * channels + a]! || a - b)
      .slice(0, selection.top)
      .sort((a, b) => a - b),
  );
}

/** `sum_k weights[n, k] * scores[n, k]` for row `row` of `scores` and row `sample` of the target weights. */
export function targetScore(
  scores: Float32Array,
  row: number,
  targetWeights: Float32Array,
  sample: number,
  classes: number,
): number {
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += targetWeights[sample * classes + k]! * scores[row * classes + k]!;
  return sum;
}
