import type { InputSpec, LayerBias, LayerInfo } from '@gradcam/core';
import type { Tensor } from '../tf-core.js';

/**
 * A model cut at one layer: the layer's activations for an input, and the rest of the model as a function of
 * them.
 */
export interface SplitModel {
  /** The layer's activations (computed without recording gradients). */
  readonly activations: Tensor;
  /**
   * Runs the part of the model after the layer with its output replaced by `activations` and returns the scores
   * `[batch, classes]`. Differentiable with respect to `activations`, input gradients only.
   */
  readonly head: (activations: Tensor) => Tensor;
}

/**
 * What the backend needs from one kind of TensorFlow.js model (LayersModel, GraphModel). Every method is
 * synchronous and creates tensors in the caller's `tf.tidy` scope; validation of names happens before.
 */
export interface ModelRunner {
  /** `'LayersModel'` or `'GraphModel'`. */
  readonly modelKind: 'LayersModel' | 'GraphModel';
  /** The model's input. */
  readonly input: InputSpec;
  /** Number of class scores, when known. */
  readonly numClasses: number | undefined;
  /** Facts about how the model is run (pre-softmax scores, chosen output). */
  readonly notes: readonly string[];
  /** The layers that can be named, in execution order. */
  readonly layers: readonly LayerInfo[];
  /** Runs the model up to `layer` on `input` and returns the cut model. */
  split(input: Tensor, layer: string): SplitModel;
  /**
   * The head after `layer` as a function of the layer's activations alone.
   *
   * @throws {@link CapabilityNotSupportedError} when other branches of the model bypass the layer.
   */
  head(layer: string): (activations: Tensor) => Tensor;
  /**
   * Runs the whole model on `input` so that the scores `[batch, classes]` are differentiable with respect to the
   * input (input gradients only: layer weights are constants).
   */
  scoresOf(input: Tensor): Tensor;
  /**
   * The layers whose output is a per-channel bias added to something, with that bias (for FullGrad); absent when
   * the runner cannot tell.
   */
  layerBiases?(): LayerBias[];
  /** Runs the model forward: the scores `[batch, classes]` and the activations of `layers`. */
  forward(input: Tensor, layers: readonly string[]): { scores: Tensor; activations: Tensor[] };
  /**
   * Every convolution filter after any layer is a constant of the model (weights), so filter gradients, which
   * are never used, need not be computed.
   */
  readonly filtersAreConstant: boolean;
  /** Releases the model. */
  dispose(): void;
}
