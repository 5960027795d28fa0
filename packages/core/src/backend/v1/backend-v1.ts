import type { Target } from '../../target/target.js';
import type { LayerTensor, Layout, ScoreTensor, SpatialTensor, TokenLayout } from '../../tensor.js';

/**
 * # Backend specification, version 1
 *
 * A backend wraps one model in one runtime (TensorFlow.js, ONNX Runtime, your own) and answers, for a batch of
 * inputs: the class scores, the activations of a named layer, and the gradient of a target score with respect
 * to those activations, in **one** call ({@link BackendV1.forwardWithGradient}). Everything CAM-specific (channel
 * weights, maps, normalisation, resizing) happens in `@gradcam/core` over plain typed arrays.
 *
 * Rules every implementation follows (the conformance suite in `@gradcam/core/testing` checks them):
 *
 * 1. **Plain data across the boundary.** Inputs and outputs are {@link SpatialTensor} / {@link ScoreTensor}:
 *    a `Float32Array`, a shape and a layout. Never framework tensors.
 * 2. **Fresh buffers.** Every returned `Float32Array` is owned by the caller: not a view of a buffer the
 *    backend will reuse or that another call returned.
 * 3. **Async and re-entrant.** Every method returns a promise; calls may overlap (the caller may start a second
 *    call before the first resolves) and must not interfere.
 * 4. **No leaks.** A backend frees every framework tensor it created before its promise settles, on success and
 *    on error. Backends that can count live tensors expose {@link BackendV1.countLiveTensors}.
 * 5. **Typed errors.** An unknown layer rejects with `UnknownLayerError`, an input of the wrong size with
 *    `ShapeMismatchError`, a wrong layout with `LayoutMismatchError`, a bad class index with
 *    `ClassIndexOutOfRangeError`, a missing optional method's capability with `CapabilityNotSupportedError`,
 *    an operation it cannot differentiate with `GradientNotSupportedError`.
 * 6. **Scores.** The "scores" are what the model's classifier outputs **before** a final softmax when the model
 *    ends in one (as the Grad-CAM paper explains the pre-softmax score); a backend that does this says so once
 *    in {@link BackendV1.notes}.
 * 7. **Token layers.** A transformer layer whose output is `[batch, tokens, channels]` is listed with
 *    `layout: 'ntc'` ({@link LayerInfo.layout}), and its activations and gradients are returned as they are, a
 *    `TokenTensor` (`layout: 'ntc'`); {@link BackendV1.headFromActivations} takes tokens back in that shape.
 *    Core, not the backend, drops the prefix tokens (class token, distillation token, registers) and reshapes
 *    the rest to a spatial grid.
 * 8. **Any output.** The scores are the model output the backend was created for (the adapters' `output`
 *    option), flattened per sample to `[batch, size]`: a segmentation map `[N, H, W, C]` gives `size = H*W*C`.
 *    A `'weights'` target is then a weighting of that whole output, and the backend differentiates
 *    `sum(w * output)`: core's `segmentationTarget` and `detectionTarget` build such weights. Explain the tensor
 *    before non-differentiable post-processing (top-k, non-maximum suppression).
 */
export interface BackendV1 {
  /** Always `'v1'` for this version of the specification. */
  readonly specificationVersion: 'v1';

  /** A short human-readable name, e.g. `'tfjs-wasm'` or `'onnxruntime-node'`. Used in messages. */
  readonly name: string;

  /** What the model takes as input. */
  readonly input: InputSpec;

  /** Number of class scores the model outputs, when known before running it. */
  readonly numClasses?: number;

  /** The optional capabilities this backend offers. Callers check these, not the presence of methods. */
  readonly capabilities: BackendCapabilities;

  /**
   * Facts about how this backend runs the model that a user should know, e.g.
   * `'The model ends in Softmax: explaining the scores before it.'` Shown once, not per call.
   */
  readonly notes?: readonly string[];

  /**
   * Lists the layers (or tensors) whose activations the backend can return, **in execution order** (the order a
   * forward pass computes them), token layers marked `layout: 'ntc'`. Core's automatic layer choice takes the last
   * spatial one before the head, or for a transformer the last block's first LayerNorm.
   */
  listLayers(): Promise<readonly LayerInfo[]>;

  /**
   * Runs the model on `request.input` and returns the scores, the activations of `request.layer`, and the
   * gradient of the target score with respect to those activations.
   *
   * The target score of sample `n` is `sum_k w[n, k] * scores[n, k]` where `w = resolveTarget(target, scores)`
   * (from `@gradcam/core`); the gradient of sample `n` is taken of sample `n`'s score only. Both tensors have
   * the same shape and layout; `activations.layout` is the layout the layer naturally has in the runtime.
   *
   * Required unless {@link BackendCapabilities.gradients} is `false`, in which case it rejects with
   * `CapabilityNotSupportedError`.
   */
  forwardWithGradient(request: GradientRequest): Promise<GradientResult>;

  /**
   * Runs the model forward only: scores, and the activations of `request.layers` if any are named.
   * Present when {@link BackendCapabilities.forward} is `true`. Used by gradient-free methods (Score-CAM,
   * Eigen-CAM) and by faithfulness metrics, which run many perturbed inputs: honour
   * {@link BackendCapabilities.maxBatchSize}.
   */
  forward?(request: ForwardRequest): Promise<ForwardResult>;

  /**
   * Runs the part of the model from `request.layer` to the scores, on activations given by the caller (for
   * example with one channel ablated). Present when {@link BackendCapabilities.headFromActivations} is `true`.
   * Used by Ablation-CAM.
   */
  headFromActivations?(request: HeadRequest): Promise<ScoreTensor>;

  /**
   * Runs the model on `request.input` and returns the scores and the gradient of the target score with respect
   * to the **input** (same shape and layout as the input): the basis of input-space methods (vanilla gradient,
   * Guided Backpropagation, SmoothGrad, Integrated Gradients). The target score is defined as for
   * {@link BackendV1.forwardWithGradient}.
   *
   * With `request.guided`, every ReLU of the model passes gradient back only where both its input and the
   * gradient arriving at its output are positive (Guided Backpropagation, Springenberg et al. 2015; as
   * pytorch-grad-cam's `GuidedBackpropReLUModel`, which replaces exactly the ReLUs: other activations, ReLU6
   * and leaky ReLUs included, keep their ordinary gradient). The scores are the same either way.
   *
   * Present when {@link BackendCapabilities.inputGradients} is `true`.
   */
  forwardWithInputGradient?(request: InputGradientRequest): Promise<InputGradientResult>;

  /**
   * The layers whose output adds a per-channel bias (convolutions with a bias, batch normalisations), in
   * execution order, each with its bias folded into one vector (for a batch normalisation in inference,
   * `beta - mean * gamma / sqrt(var + eps)`). `layer` is a name `forwardWithGradient` accepts, whose activations are
   * the output the bias was added to. Used by FullGrad. Present when {@link BackendCapabilities.layerBiases} is
   * `true`.
   */
  layerBiases?(): Promise<readonly LayerBias[]>;

  /**
   * Number of framework tensors (or buffers) currently alive, for leak checks. Present when the runtime can count
   * them (TensorFlow.js can: `tf.memory().numTensors`).
   */
  countLiveTensors?(): number;

  /**
   * Releases the model and every resource the backend holds; calling it again does nothing. Calls after
   * `dispose` reject with `BackendDisposedError` (the toolkit's `DisposedGuard` does this).
   */
  dispose?(): Promise<void>;
}

/** What a model takes as input. */
export interface InputSpec {
  /** The input's name in the runtime, when it has one. */
  readonly name?: string;
  /** The input's shape in {@link InputSpec.layout}; `null` for an axis of any size (usually the batch). */
  readonly shape: readonly [number | null, number | null, number | null, number | null];
  /** The layout the model takes. Inputs in another layout are rejected with `LayoutMismatchError`. */
  readonly layout: Layout;
}

/** Optional capabilities of a backend. */
export interface BackendCapabilities {
  /** `forwardWithGradient` works. `false` for forward-only backends (gradient-free methods only). */
  readonly gradients: boolean;
  /** `forward` is implemented. */
  readonly forward: boolean;
  /** `headFromActivations` is implemented. */
  readonly headFromActivations: boolean;
  /**
   * `forwardWithInputGradient` is implemented (gradients with respect to the input, guided or not). Absent:
   * `false`.
   */
  readonly inputGradients?: boolean;
  /** `layerBiases` is implemented. Absent: `false`. */
  readonly layerBiases?: boolean;
  /** Largest batch one call accepts; callers split larger work. Absent: no limit. */
  readonly maxBatchSize?: number;
}

/** A layer (or intermediate tensor) whose activations a backend can return. */
export interface LayerInfo {
  /** The name to pass as `layer`. */
  readonly name: string;
  /** What kind of operation produces it, in the runtime's words (e.g. `'Conv2D'`, `'Relu'`, `'Add'`). */
  readonly kind: string;
  /** Output shape; `null` for an axis of unknown size. For 4-D outputs, in {@link LayerInfo.layout}. */
  readonly outputShape: readonly (number | null)[];
  /**
   * Layout of a 4-D output; `'ntc'` marks a **token layer**: a 3-D output `[batch, tokens, channels]` (a
   * transformer block's tokens), explained on the spatial grid its patch tokens form.
   */
  readonly layout?: Layout | TokenLayout;
}

/** Arguments of {@link BackendV1.forwardWithGradient}. */
export interface GradientRequest {
  /** The input batch, in the backend's {@link InputSpec.layout}. */
  readonly input: SpatialTensor;
  /** The layer whose activations and gradient to return. */
  readonly layer: string;
  /** The score to differentiate. */
  readonly target: Target;
}

/** Result of {@link BackendV1.forwardWithGradient}. */
export interface GradientResult {
  /** Class scores, `[batch, classes]`. */
  readonly scores: ScoreTensor;
  /** Activations of the layer: 4-D, or tokens `[batch, tokens, channels]` for a token layer. */
  readonly activations: LayerTensor;
  /** Gradient of each sample's target score with respect to the activations: same shape and layout. */
  readonly gradients: LayerTensor;
  /** Per sample, the class explained (`null` for an arbitrary weighting of the scores). */
  readonly classIndices: readonly (number | null)[];
}

/** Arguments of {@link BackendV1.forwardWithInputGradient}. */
export interface InputGradientRequest {
  /** The input batch, in the backend's {@link InputSpec.layout}. */
  readonly input: SpatialTensor;
  /** The score to differentiate. */
  readonly target: Target;
  /** Guided Backpropagation through every ReLU (see {@link BackendV1.forwardWithInputGradient}). @default false */
  readonly guided?: boolean;
}

/** Result of {@link BackendV1.forwardWithInputGradient}. */
export interface InputGradientResult {
  /** Class scores, `[batch, classes]`. */
  readonly scores: ScoreTensor;
  /** Gradient of each sample's target score with respect to its input: the input's shape and layout. */
  readonly gradients: SpatialTensor;
  /** Per sample, the class explained (`null` for an arbitrary weighting of the scores). */
  readonly classIndices: readonly (number | null)[];
}

/** A layer whose output adds a per-channel bias (see {@link BackendV1.layerBiases}). */
export interface LayerBias {
  /** The layer (a name `forwardWithGradient` accepts); its activations are the biased output. */
  readonly layer: string;
  /** The bias per output channel. */
  readonly bias: Float32Array;
}

/** Arguments of {@link BackendV1.forward}. */
export interface ForwardRequest {
  /** The input batch, in the backend's {@link InputSpec.layout}. */
  readonly input: SpatialTensor;
  /** Layers whose activations to return too. */
  readonly layers?: readonly string[];
}

/** Result of {@link BackendV1.forward}. */
export interface ForwardResult {
  /** Class scores, `[batch, classes]`. */
  readonly scores: ScoreTensor;
  /** Activations of the layers asked for, by name (tokens for token layers). */
  readonly activations: Readonly<Record<string, LayerTensor>>;
}

/** Arguments of {@link BackendV1.headFromActivations}. */
export interface HeadRequest {
  /** The layer the activations belong to. */
  readonly layer: string;
  /** Activations of that layer, in the layout and shape `forwardWithGradient` returns for it. */
  readonly activations: LayerTensor;
  /**
   * The input each row of `activations` was computed from (same batch size), when the caller has it. A backend
   * whose rest of the model also reads tensors computed before the layer (a residual connection bypassing it, as
   * in every transformer block) runs the whole model on it with the layer's output replaced; without it, such a
   * backend rejects with `CapabilityNotSupportedError`.
   */
  readonly input?: SpatialTensor;
}

/** A backend of any supported specification version. */
export type Backend = BackendV1;
