/**
 * One weight in a TensorFlow.js weights manifest: its name (`layer/kernel`), shape, stored type and, for
 * quantized models, how the stored values map back to floats.
 */
export interface LayersModelWeightSpec {
  /** The weight's name, `<layer>/<weight>`, e.g. `'conv2d_1/kernel'`. */
  readonly name: string;
  /** The weight's shape. */
  readonly shape: readonly number[];
  /** The element type of the weight (float32 for every weight the exporter reads). */
  readonly dtype: string;
  /**
   * Present when the converter quantized the weight: `uint8` / `uint16` values stand for `value * scale + min`,
   * `float16` values for themselves.
   */
  readonly quantization?: {
    readonly dtype: string;
    readonly scale?: number;
    readonly min?: number;
  };
}

/** A group of the `weightsManifest` of a `model.json`: weight files and the weights they hold, in order. */
export interface LayersModelWeightsGroup {
  /** The weight files (shards), relative to `model.json`. */
  readonly paths: readonly string[];
  /** The weights stored in the shards, concatenated in this order. */
  readonly weights: readonly LayersModelWeightSpec[];
}

/**
 * A TensorFlow.js LayersModel as saved: what `model.save()` hands to a save handler (`tf.io.ModelArtifacts`) or
 * what a `model.json` plus its weight files hold. A `tf.io.ModelArtifacts` object can be passed as is; so can a
 * parsed `model.json` with `weightData` added.
 */
export interface LayersModelArtifacts {
  /** The Keras model topology (`modelTopology` of `model.json`): a Sequential, Model or Functional config. */
  readonly modelTopology?: unknown;
  /** The weights in the order they are stored in `weightData` (takes precedence over `weightsManifest`). */
  readonly weightSpecs?: readonly LayersModelWeightSpec[];
  /** The `weightsManifest` of `model.json`, read when `weightSpecs` is absent. */
  readonly weightsManifest?: readonly LayersModelWeightsGroup[];
  /** The weight files' bytes, concatenated in manifest order (one buffer, or one per shard). */
  readonly weightData?: ArrayBuffer | ArrayBufferView | readonly ArrayBuffer[];
}
