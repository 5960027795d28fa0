import type { Backend } from '../backend/v1/backend-v1.js';
import type { LayerMap } from '../explain/explanation.js';
import type { Completeness } from '../input-space/integrated-gradients.js';
import type { HeatMap, ScoreTensor, SpatialTensor } from '../tensor.js';
import type { CamMethod, MethodCapability } from './cam-method.js';

/** Grad-CAM-family maps of the input batch, as `explain` forms them (for methods that combine both). */
export interface LayerMaps {
  /** Per sample, the final map in `[0, 1]` at the input's size. */
  readonly maps: readonly HeatMap[];
  /** Per sample, one entry per layer of {@link InputMethodContext.layers}. */
  readonly layerMaps: readonly (readonly LayerMap[])[];
}

/** What an input-space method can use to form its maps. */
export interface InputMethodContext {
  /** The backend. */
  readonly backend: Backend;
  /** The input batch. */
  readonly input: SpatialTensor;
  /** The target as `[batch * classes]` weights of the scores, fixed at the input (for `'top'`, its top class). */
  readonly targetWeights: Float32Array;
  /** Scores of the input batch, `[batch, classes]`. */
  readonly scores: ScoreTensor;
  /** The exact gradient of the target score with respect to the input (the pass that fixed the target). */
  readonly gradients: SpatialTensor;
  /** The layers `explain` was given or chose (used by methods that combine a CAM with an input-space map). */
  readonly layers: readonly string[];
  /** The maps of a layer method at {@link InputMethodContext.layers} for the same input and target. */
  readonly layerMapsOf: (method: CamMethod) => Promise<LayerMaps>;
  /** Progress of methods that run many passes: `done` of `total` units. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Methods that run many passes check it between them (`throwIfAborted`). */
  readonly signal?: AbortSignal | undefined;
}

/** What an input-space method returns. */
export interface InputMethodOutput {
  /** The attribution of every input element: the input's shape and layout. */
  readonly attributions: SpatialTensor;
  /** Per sample, how far the attributions' sum is from the score difference (Integrated Gradients). */
  readonly completeness?: readonly Completeness[];
  /** The layer maps the method combined with its input-space map, when it did (Guided Grad-CAM). */
  readonly layerMaps?: LayerMaps;
}

/**
 * A method whose map lives in input space (the input's resolution and channels, e.g. guided backpropagation),
 * as opposed to a `CamMethod` whose map is formed from one layer's activations. The registry describes
 * such methods with `kind: 'input'`.
 */
export interface InputMethod {
  /** Always `'input'`: tells an input-space method from a `CamMethod`. */
  readonly kind: 'input';
  /** The method's name. */
  readonly name: string;
  /** The backend capabilities it needs. */
  readonly requires: readonly MethodCapability[];
  /** Whether it forms its map with a layer method too (it then needs `explain`'s layers). */
  readonly usesLayers?: boolean;
  /** Forms the attributions of each sample: a tensor in the input's shape and layout. */
  compute(context: InputMethodContext): Promise<InputMethodOutput> | InputMethodOutput;
}

/** Whether `method` is an input-space method. */
export function isInputMethod(method: CamMethod | InputMethod): method is InputMethod {
  return (method as InputMethod).kind === 'input';
}
