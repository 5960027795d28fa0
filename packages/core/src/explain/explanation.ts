import type { Completeness } from '../input-space/integrated-gradients.js';
import type { HeatMap, SpatialTensor } from '../tensor.js';

/** A non-fatal problem found while explaining. */
export interface ExplainWarning {
  /** Machine-readable kind, e.g. `'all-zero-map'`. */
  readonly code: string;
  /** What happened and what it means. */
  readonly message: string;
  /** The sample it concerns, when it concerns one. */
  readonly sample?: number;
}

/** What the method produced at one layer for one sample. */
export interface LayerMap {
  /** The map at the layer's resolution after ReLU, not normalised. */
  readonly coarse: HeatMap;
  /** The method's channel weights at this layer, when it has them (channel-weight methods). */
  readonly channelWeights?: Float32Array;
}

/** The explanation of one sample. */
export interface SampleExplanation {
  /** The class explained, or `null` when the target is an arbitrary weighting of the scores. */
  readonly classIndex: number | null;
  /** The model's scores for this sample (pre-softmax when the backend says so in its notes). */
  readonly scores: Float32Array;
  /** The final map in `[0, 1]` at the output size: pytorch-grad-cam's result. */
  readonly map: HeatMap;
  /**
   * One entry per layer, in the order of {@link Explanation.layers}: `layerMaps[0]` is at `layers[0]` (the only
   * layer unless several were asked for).
   */
  readonly layerMaps: readonly LayerMap[];
  /**
   * Input-space methods only (`gradient`, `guided-backprop`, `smoothgrad`, ...): the raw attribution of every
   * input element, `[1, channels, height, width]` (`'nchw'`, whatever the input's layout), not normalised. `map` is
   * then its channel reduction (`inputReduction`), min-max normalised.
   */
  readonly attributions?: SpatialTensor;
  /** Integrated Gradients only: how far the attributions' sum is from the score difference. */
  readonly completeness?: Completeness;
}

/** Timings of one `explain` call, in milliseconds. */
export interface ExplainTimings {
  /** Time spent in the backend's forward (and backward) passes of the input itself. */
  readonly backendMs: number;
  /** Time spent forming the maps, including the extra passes of many-pass methods. */
  readonly camMs: number;
  /** Wall-clock time of the whole call. */
  readonly totalMs: number;
}

/**
 * The result of `explain`. Each fact appears once: the layers here, per sample its maps at those layers (in the
 * same order) and its final map.
 *
 * @example
 * ```ts
 * const { layers, samples } = await explain({ backend, input });
 * samples[0].map;                    // final map in [0, 1] at the input size
 * samples[0].layerMaps[0].coarse;    // the map at layers[0], after ReLU, not normalised
 * ```
 */
export interface Explanation {
  /**
   * The layers the maps were computed at, in the order asked for (one unless several were asked for). Empty for
   * input-space methods, except those that combine a layer map (Guided Grad-CAM: its Grad-CAM layers).
   */
  readonly layers: readonly string[];
  /** The method's name. */
  readonly method: string;
  /** One entry per input sample. */
  readonly samples: readonly SampleExplanation[];
  /** Non-fatal problems. */
  readonly warnings: readonly ExplainWarning[];
  /** The backend's notes (for example that pre-softmax scores are explained). */
  readonly notes: readonly string[];
  /** Where the time went. */
  readonly timings: ExplainTimings;
}
