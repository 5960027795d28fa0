import {
  asyncDisposeSymbol,
  type BackendV1,
  CapabilityNotSupportedError,
  DisposedGuard,
  type ForwardRequest,
  type ForwardResult,
  type GradientRequest,
  type GradientResult,
  type HeadRequest,
  type InputGradientRequest,
  type InputGradientResult,
  type LayerBias,
  type LayerInfo,
  type LayerTensor,
  type Layout,
  requireSpatialLayer,
  resolveFixedTarget,
  resolveTarget,
  type ScoreTensor,
  type SpatialTensor,
  type Target,
  type TokenLayout,
  validateInput,
  validateLayerActivations,
} from '@gradcam/core';
import { gradientKernelOverrides } from './kernels/gradient-kernel-overrides.js';
import { withGuidedReluGradient } from './kernels/guided-relu-gradient.js';
import { registerMissingGradientKernels } from './kernels/register-gradient-kernels.js';
import { TransposedFilterCache } from './kernels/transposed-filter-cache.js';
import { withKernelOverrides } from './kernels/with-kernel-overrides.js';
import type { ModelRunner } from './runner/model-runner.js';
import { fromPlain, toLayerTensor, toSpatial } from './runner/plain-tensors.js';
import { translateGradientError } from './runner/translate-tfjs-error.js';
import type { Tensor, TfCore } from './tf-core.js';

/** Arguments of {@link TfjsBackend.scoresWithActivations}. */
export interface ActivationsRequest {
  /** The input batch (NHWC). */
  readonly input: SpatialTensor;
  /** The layer whose output to replace. */
  readonly layer: string;
  /** The values that replace the layer's output, in the shape and layout `forwardWithGradient` returns. */
  readonly activations: LayerTensor;
}

/**
 * A `@gradcam/core` Backend (specification v1) over a TensorFlow.js model, with every optional capability.
 * Create one with {@link createTfjsBackend}.
 */
export interface TfjsBackend extends BackendV1 {
  /** `'tfjs-'` followed by the active tfjs backend, e.g. `'tfjs-wasm'`; read when used. */
  readonly name: string;
  /** The kind of model wrapped. */
  readonly modelKind: 'LayersModel' | 'GraphModel';
  /** The TensorFlow.js namespace it runs on. */
  readonly tf: TfCore;
  /** Facts about how the model is run (for example that pre-softmax scores are explained). */
  readonly notes: readonly string[];
  /** Runs the model forward: scores, and the activations of the layers asked for. */
  forward(request: ForwardRequest): Promise<ForwardResult>;
  /**
   * Scores and the gradient of the target score with respect to the input (NHWC, the input's shape), through
   * the whole model; with `guided`, every ReLU backpropagates guided (Guided Backpropagation).
   */
  forwardWithInputGradient(request: InputGradientRequest): Promise<InputGradientResult>;
  /**
   * LayersModels: the convolutions with a bias and a linear activation, and the batch normalisations (bias
   * folded), for FullGrad. Absent for GraphModels.
   */
  layerBiases?(): Promise<readonly LayerBias[]>;
  /**
   * Runs the part of the model after `request.layer` on the given activations. Rejects with
   * `CapabilityNotSupportedError` for a layer that other branches bypass (the scores then also depend on the
   * input): use {@link TfjsBackend.scoresWithActivations} for those.
   */
  headFromActivations(request: HeadRequest): Promise<ScoreTensor>;
  /**
   * Runs the model on `request.input` with the output of `request.layer` replaced by `request.activations` and
   * returns the scores: the substitution `forwardWithGradient` differentiates, for any layer of any graph (for
   * finite-difference checks, perturbation studies).
   */
  scoresWithActivations(request: ActivationsRequest): Promise<ScoreTensor>;
  /** `tf.memory().numTensors`. */
  countLiveTensors(): number;
  /** Disposes the model. Calls after this reject with `BackendDisposedError`. */
  dispose(): Promise<void>;
  /** The same as {@link TfjsBackend.dispose}, for `await using backend = await createTfjsBackend(...)`. */
  [asyncDisposeSymbol](): Promise<void>;
}

/**
 * Wraps a {@link ModelRunner} in the Backend v1 contract: validation, typed errors, target resolution, tensor
 * bookkeeping (every tensor a call creates is freed before its promise settles) and plain-array results.
 */
export function tfjsBackend(tf: TfCore, runner: ModelRunner): TfjsBackend {
  const guard = new DisposedGuard(() => backend.name, 'createTfjsBackend()');
  const filterCache = new TransposedFilterCache();
  const layers = new Map(runner.layers.map((layer) => [layer.name, layer]));
  /** A layer CAMs can be computed at: 4-D (spatial), or a token layer (`'ntc'`). */
  const spatialLayer = (name: string): LayerInfo & { layout: Layout | TokenLayout } => {
    const info = requireSpatialLayer(name, layers.get(name), runner.layers);
    return { ...info, layout: info.layout ?? 'nhwc' };
  };
  const scoresOf = (values: ArrayLike<number>, shape: readonly number[]): ScoreTensor => ({
    data: Float32Array.from(values),
    shape: [shape[0]!, shape[1]!],
  });
  /** Runs `compute` in a tidy scope, reads every tensor it returns, then frees them and any it kept. */
  const run = async <T>(
    compute: (kept: Tensor[]) => Tensor[],
    read: (values: Float32Array[], tensors: Tensor[]) => T,
  ): Promise<T> => {
    const kept: Tensor[] = [];
    let tensors: Tensor[] = [];
    try {
      tensors = tf.tidy(() => compute(kept));
      const values = await Promise.all(tensors.map((tensor) => tensor.data()));
      return read(
        values.map((value) => Float32Array.from(value as ArrayLike<number>)),
        tensors,
      );
    } finally {
      tf.dispose(tensors);
      tf.dispose(kept);
    }
  };

  const backend: TfjsBackend = {
    specificationVersion: 'v1',
    get name() {
      return `tfjs-${tf.getBackend()}`;
    },
    modelKind: runner.modelKind,
    tf,
    input: runner.input,
    ...(runner.numClasses !== undefined ? { numClasses: runner.numClasses } : {}),
    capabilities: {
      gradients: true,
      forward: true,
      headFromActivations: true,
      inputGradients: true,
      ...(runner.layerBiases ? { layerBiases: true } : {}),
    },
    notes: runner.notes,

    async listLayers() {
      guard.ensureOpen();
      return runner.layers;
    },

    async forwardWithGradient(request: GradientRequest): Promise<GradientResult> {
      guard.ensureOpen();
      validateInput(backend, request.input);
      const info = spatialLayer(request.layer);
      const { target } = request;
      const batch = request.input.shape[0];
      const fixed =
        target.kind !== 'top' && runner.numClasses !== undefined
          ? resolveFixedTarget(target, batch, runner.numClasses)
          : undefined;
      registerMissingGradientKernels(tf);
      try {
        return await run(
          (kept) => {
            const x = fromPlain(tf, request.input.data, request.input.shape);
            const split = runner.split(x, request.layer);
            const objective = (activations: Tensor): Tensor => {
              const scores = split.head(activations);
              kept.push(tf.keep(scores));
              const weights = targetWeights(tf, target, scores, kept, fixed?.weights);
              return tf.sum(tf.mul(scores, weights));
            };
            const overrides = gradientKernelOverrides(tf, {
              filtersAreConstant: runner.filtersAreConstant,
              filterCache,
            });
            const gradient = withKernelOverrides(tf, overrides, () => tf.grad(objective)(split.activations));
            const scores = kept[0]!;
            const indices = kept[1];
            return [scores, split.activations, gradient, ...(indices ? [tf.cast(indices, 'float32')] : [])];
          },
          ([scores, activations, gradients, indices], tensors) => {
            const scoreTensor = scoresOf(scores!, tensors[0]!.shape);
            const classIndices: (number | null)[] = indices
              ? Array.from(indices, (index) => Math.round(index))
              : [...resolveTarget(target, scoreTensor).classIndices];
            const shape = tensors[1]!.shape;
            return {
              scores: scoreTensor,
              activations: toLayerTensor(activations!, shape, info.layout),
              gradients: toLayerTensor(gradients!, shape, info.layout),
              classIndices,
            };
          },
        );
      } catch (error) {
        throw translateGradientError(error, request.layer, tf.getBackend());
      }
    },

    async forwardWithInputGradient(request: InputGradientRequest): Promise<InputGradientResult> {
      guard.ensureOpen();
      validateInput(backend, request.input);
      const { target } = request;
      const batch = request.input.shape[0];
      const fixed =
        target.kind !== 'top' && runner.numClasses !== undefined
          ? resolveFixedTarget(target, batch, runner.numClasses)
          : undefined;
      registerMissingGradientKernels(tf);
      const guide =
        request.guided === true ? withGuidedReluGradient : <T>(_: TfCore, body: () => T) => body();
      try {
        return await run(
          (kept) => {
            const x = fromPlain(tf, request.input.data, request.input.shape);
            const objective = (input: Tensor): Tensor => {
              const scores = runner.scoresOf(input);
              kept.push(tf.keep(scores));
              const weights = targetWeights(tf, target, scores, kept, fixed?.weights);
              return tf.sum(tf.mul(scores, weights));
            };
            const overrides = gradientKernelOverrides(tf, { filtersAreConstant: runner.filtersAreConstant });
            const gradient = guide(tf, () => withKernelOverrides(tf, overrides, () => tf.grad(objective)(x)));
            const indices = kept[1];
            return [kept[0]!, gradient, ...(indices ? [tf.cast(indices, 'float32')] : [])];
          },
          ([scores, gradients, indices], tensors) => {
            const scoreTensor = scoresOf(scores!, tensors[0]!.shape);
            const classIndices: (number | null)[] = indices
              ? Array.from(indices, (index) => Math.round(index))
              : [...resolveTarget(target, scoreTensor).classIndices];
            return {
              scores: scoreTensor,
              gradients: toSpatial(gradients!, request.input.shape, 'nhwc'),
              classIndices,
            };
          },
        );
      } catch (error) {
        throw translateGradientError(error, 'the input', tf.getBackend());
      }
    },

    async forward(request: ForwardRequest): Promise<ForwardResult> {
      guard.ensureOpen();
      validateInput(backend, request.input);
      const names = [...(request.layers ?? [])];
      const infos = names.map(spatialLayer);
      return run(
        () => {
          const x = fromPlain(tf, request.input.data, request.input.shape);
          const { scores, activations } = runner.forward(x, names);
          return [scores, ...activations];
        },
        ([scores, ...activations], tensors) => ({
          scores: scoresOf(scores!, tensors[0]!.shape),
          activations: Object.fromEntries(
            names.map((name, index) => [
              name,
              toLayerTensor(activations[index]!, tensors[index + 1]!.shape, infos[index]!.layout),
            ]),
          ),
        }),
      );
    },

    async headFromActivations(request: HeadRequest): Promise<ScoreTensor> {
      guard.ensureOpen();
      const activations = validateLayerActivations(spatialLayer(request.layer), request.activations);
      let head: ReturnType<typeof runner.head>;
      try {
        head = runner.head(request.layer);
      } catch (error) {
        // A branch bypasses the layer: with the input given, run the whole model with the layer's output replaced.
        if (!request.input || !CapabilityNotSupportedError.isInstance(error)) throw error;
        return backend.scoresWithActivations({ input: request.input, layer: request.layer, activations });
      }
      return run(
        () => [head(fromPlain(tf, activations.data, activations.shape))],
        ([scores], tensors) => scoresOf(scores!, tensors[0]!.shape),
      );
    },

    async scoresWithActivations(request: ActivationsRequest): Promise<ScoreTensor> {
      guard.ensureOpen();
      validateInput(backend, request.input);
      const activations = validateLayerActivations(spatialLayer(request.layer), request.activations, {
        batch: request.input.shape[0],
      });
      return run(
        () => {
          const x = fromPlain(tf, request.input.data, request.input.shape);
          const { head } = runner.split(x, request.layer);
          return [head(fromPlain(tf, activations.data, activations.shape))];
        },
        ([scores], tensors) => scoresOf(scores!, tensors[0]!.shape),
      );
    },

    countLiveTensors: () => tf.memory().numTensors,

    async dispose() {
      if (!guard.close()) return;
      filterCache.dispose();
      runner.dispose();
    },

    [asyncDisposeSymbol]() {
      return backend.dispose();
    },
  };
  const { layerBiases } = runner;
  if (layerBiases) {
    backend.layerBiases = async () => {
      guard.ensureOpen();
      return layerBiases.call(runner);
    };
  }
  return backend;
}

/**
 * The weights `w[n, k]` of the explained score `sum_k w[n,k] * scores[n,k]`, as a tensor. For `'top'` they are
 * the one-hot of each sample's arg-max, computed on the device (no read-back mid-call); the arg-max is kept in
 * `kept[1]` to report the classes. Other targets use the weights resolved before the run when the number of
 * classes was known then.
 */
function targetWeights(
  tf: TfCore,
  target: Target,
  scores: Tensor,
  kept: Tensor[],
  resolved: Float32Array | undefined,
): Tensor {
  const [batch, classes] = scores.shape as [number, number];
  if (target.kind === 'top') {
    const indices = tf.keep(tf.argMax(scores, 1));
    kept.push(indices);
    return tf.cast(tf.oneHot(indices as Parameters<TfCore['oneHot']>[0], classes), 'float32');
  }
  return tf.tensor2d(resolved ?? resolveFixedTarget(target, batch, classes).weights, [batch, classes]);
}
