import { SeededRandom } from '../math/seeded-random.js';
import { spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';

/** Options of {@link createRandomCam}. */
export interface RandomCamOptions {
  /** Seed of the weights: the same seed gives the same map. @default 0 */
  readonly seed?: number;
}

/**
 * Random-CAM, a sanity-check baseline (pytorch-grad-cam's `RandomCAM`): each channel gets a weight drawn
 * uniformly from `[-1, 1)`, independent of the model's gradients and of the target. A method or metric that
 * cannot tell a real explanation from this one is not measuring the model. Deterministic for a given seed
 * (the anchor draws from numpy's global generator instead).
 */
export function createRandomCam(options: RandomCamOptions = {}): CamMethod {
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new RangeError(`randomcam's seed must be a finite number, got ${seed}.`);
  return {
    name: 'randomcam',
    requires: [],
    compute: ({ activations }) => {
      const { batch, channels } = spatialDimensions(activations.shape, activations.layout);
      const random = new SeededRandom(seed);
      return {
        kind: 'channel-weights',
        weights: Float32Array.from({ length: batch * channels }, () => 2 * random.next() - 1),
      };
    },
  };
}
