import type { Backend, GradientResult } from '../backend/v1/backend-v1.js';
import type { HeatMap, SpatialTensor } from '../tensor.js';

/** What a CAM method can use to form its maps. */
export interface CamContext {
  /** The backend that produced the result (gradient-free methods run further passes through it). */
  readonly backend: Backend;
  /** The input batch. */
  readonly input: SpatialTensor;
  /** The layer the maps are computed at. */
  readonly layer: string;
  /** Scores, activations and gradients of one `forwardWithGradient` call. */
  readonly result: GradientResult;
}

/** A method's raw output: one map per sample before ReLU, and the channel weights when the method has them. */
export interface CamOutput {
  /** Per sample, the map at the layer's resolution, before ReLU. */
  readonly maps: readonly HeatMap[];
  /** Per sample, one weight per channel (absent for element-wise methods). */
  readonly channelWeights?: readonly Float32Array[];
}

/**
 * A CAM method as a strategy: everything else (running the backend, ReLU, normalisation, resizing) is shared.
 */
export interface CamMethod {
  /** The method's name, e.g. `'gradcam'`. */
  readonly name: string;
  /** Forms the raw maps from the activations, gradients and scores. */
  compute(context: CamContext): Promise<CamOutput> | CamOutput;
}
