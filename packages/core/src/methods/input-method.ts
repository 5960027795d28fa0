import type { Backend } from '../backend/v1/backend-v1.js';
import type { SpatialTensor } from '../tensor.js';
import type { MethodCapability } from './cam-method.js';

/** What an input-space method can use to form its maps. */
export interface InputMethodContext {
  /** The backend. */
  readonly backend: Backend;
  /** The input batch. */
  readonly input: SpatialTensor;
  /** The target as `[batch * classes]` weights of the scores. */
  readonly targetWeights: Float32Array;
  /** Progress of methods that run many passes: `done` of `total` units. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Methods that run many passes check it between them (`throwIfAborted`). */
  readonly signal?: AbortSignal;
}

/**
 * A method whose map lives in input space (the input's resolution and channels, e.g. guided backpropagation),
 * as opposed to a `CamMethod` whose map is formed from one layer's activations. The registry describes
 * such methods with `kind: 'input'`; no built-in method has this kind yet.
 */
export interface InputMethod {
  /** The method's name. */
  readonly name: string;
  /** The backend capabilities it needs. */
  readonly requires: readonly MethodCapability[];
  /** Forms the input-space map of each sample: a tensor in the input's shape and layout. */
  compute(context: InputMethodContext): Promise<SpatialTensor> | SpatialTensor;
}
