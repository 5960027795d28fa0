import type { Backend, BackendCapabilities } from '../../backend/v1/backend-v1.js';
import type { ConformanceModel } from '../conformance-model.js';

/** What an adapter's loader returns for the conformance model. */
export interface LoadedConformanceBackend {
  /** A backend running the conformance model. */
  readonly backend: Backend;
  /** The backend's names for the convolution output (before ReLU) and the ReLU output. */
  readonly layers: { readonly conv: string; readonly relu: string };
}

/** Options of the conformance suite. */
export interface ConformanceOptions {
  /** Builds the {@link ConformanceModel} in the adapter's runtime and wraps it in its backend. */
  readonly load: (model: ConformanceModel) => Promise<LoadedConformanceBackend>;
  /**
   * Relative-and-absolute tolerance of value checks: `|actual - expected| <= tolerance * (1 + |expected|)`.
   * @default 1e-4
   */
  readonly tolerance?: number;
  /** Calls made by the repeated-calls and leak checks. @default 20 */
  readonly repetitions?: number;
}

/** A capability a conformance case needs; a backend that does not declare it gets the case skipped. */
export type ConformanceCapability =
  | keyof Pick<
      BackendCapabilities,
      'gradients' | 'forward' | 'headFromActivations' | 'inputGradients' | 'layerBiases'
    >
  | 'countLiveTensors'
  | 'dispose'
  | 'noGradients';

/** One check of the suite. */
export interface ConformanceCase {
  /** What it checks. */
  readonly name: string;
  /** Capabilities it needs: the case is skipped, saying so, when the backend lacks one. */
  readonly requires: readonly ConformanceCapability[];
  /** Runs the check against a freshly loaded backend; rejects with a `ConformanceError` on failure. */
  readonly run: (loaded: LoadedConformanceBackend) => Promise<void>;
}
