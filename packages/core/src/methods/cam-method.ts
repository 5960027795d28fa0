import type { Backend, BackendCapabilities } from '../backend/v1/backend-v1.js';
import type { ScoreTensor, SpatialTensor } from '../tensor.js';

/** What a CAM method can use to form its maps. */
export interface CamContext {
  /** The backend (gradient-free methods run further passes through it). */
  readonly backend: Backend;
  /** The input batch. */
  readonly input: SpatialTensor;
  /** The layer the maps are computed at. */
  readonly layer: string;
  /** Scores of the input batch, `[batch, classes]`. */
  readonly scores: ScoreTensor;
  /** Activations of the layer. */
  readonly activations: SpatialTensor;
  /** Gradient of the target score with respect to the activations (present when the method needs gradients). */
  readonly gradients?: SpatialTensor;
  /** The target resolved against the scores: `[batch * classes]` weights of the scores. */
  readonly targetWeights: Float32Array;
  /** Progress of methods that run many passes: `done` of `total` units. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Methods that run many passes check it between them (`throwIfAborted`). */
  readonly signal?: AbortSignal;
}

/**
 * What a method returns, before the shared steps (channel reduction, ReLU, normalisation, resizing):
 *
 * - `channel-weights`: one weight per channel and sample; the map is `sum_c w[n,c] * A[n,c]` (or, with
 *   eigen-smoothing, the first principal component of `w[n,c] * A[n,c]`).
 * - `weighted-activations`: an element-wise weighted activation tensor; the map is its sum over channels (or its
 *   first principal component). `projection: true` always projects (Eigen-CAM).
 */
export type CamOutput =
  | { readonly kind: 'channel-weights'; readonly weights: Float32Array }
  | { readonly kind: 'weighted-activations'; readonly tensor: SpatialTensor; readonly projection?: boolean };

/** A backend capability a method can need. */
export type MethodCapability = keyof Pick<
  BackendCapabilities,
  'gradients' | 'forward' | 'headFromActivations' | 'inputGradients' | 'layerBiases'
>;

/**
 * A CAM method as a strategy: everything else (running the backend, reduction, ReLU, normalisation, resizing,
 * smoothing, several layers) is shared.
 */
export interface CamMethod {
  /** The method's name, e.g. `'gradcam'`. */
  readonly name: string;
  /** The backend capabilities it needs. */
  readonly requires: readonly MethodCapability[];
  /**
   * Capabilities the method uses when the backend has them and does without otherwise: with `'gradients'` the
   * layer pass runs with gradients on backends that have them (`context.gradients` is then set). @default none
   */
  readonly prefers?: readonly MethodCapability[];
  /** Forms the channel weights or the weighted activations. */
  compute(context: CamContext): Promise<CamOutput> | CamOutput;
}
