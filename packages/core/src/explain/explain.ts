import type { Backend } from '../backend/v1/backend-v1.js';
import { throwIfAborted } from '../errors/abort-error.js';
import type { ChannelReduction } from '../input-space/channel-reduction.js';
import type { CamMethod } from '../methods/cam-method.js';
import { type InputMethod, isInputMethod } from '../methods/input-method.js';
import type { CamMethodName, CamMethodOptions } from '../methods/registry.js';
import type { Target } from '../target/target.js';
import { type HeatMap, type SpatialTensor, spatialDimensions } from '../tensor.js';
import type { TokenGridOptions } from '../tokens/token-grid.js';
import { validateInput } from '../validate-input.js';
import { aggregateSamples, rectifyPasses } from './aggregate-layers.js';
import { augmentationSmoothing, fixedTarget } from './augmentation-smoothing.js';
import { mergeChunks, splitBatch } from './batching.js';
import { now, type PassTiming } from './clock.js';
import type { ExplainWarning, Explanation, SampleExplanation } from './explanation.js';
import { explainInputBatch } from './input-pass.js';
import { type LayerPass, type LayerPassOptions, runLayerPass } from './layer-pass.js';
import { resolveLayers } from './resolve-layers.js';
import { resolveMethod } from './resolve-method.js';

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** The model, wrapped in a backend (`@gradcam/tfjs`, `@gradcam/onnx`, or your own). */
  readonly backend: Backend;
  /** The input batch, already preprocessed, in the backend's input layout. */
  readonly input: SpatialTensor;
  /**
   * The layer to explain at, or several layers whose maps are fused (each normalised and resized, then
   * averaged and normalised again, as pytorch-grad-cam does). @default the last spatial layer, or a transformer's
   * last block's first LayerNorm ({@link chooseLayer})
   */
  readonly layer?: string | readonly string[];
  /** What to explain. @default `{ kind: 'top' }` (each sample's top-1 class) */
  readonly target?: Target;
  /**
   * The method, by name or as a strategy: a layer method (`gradcam`, `scorecam`, ...) or an input-space method
   * (`gradient`, `gradient-x-input`, `guided-backprop`, `guided-gradcam`, `smoothgrad`, `integrated-gradients`),
   * which needs a backend with `capabilities.inputGradients`. @default 'gradcam'
   */
  readonly method?: CamMethod | InputMethod | CamMethodName;
  /**
   * Options of the method when `method` is a name, keyed by method name, e.g. `{ scorecam: { batchSize: 64 } }`.
   */
  readonly methodOptions?: CamMethodOptions;
  /**
   * Eigen-smoothing: reduce the (weighted) activations to the map by their first principal component instead of
   * their sum over channels. @default false
   */
  readonly eigenSmooth?: boolean;
  /**
   * Test-time augmentation: the map is the mean of the maps of the input flipped horizontally or not, times 0.9,
   * 1 and 1.1 (six passes), each mapped back. The class explained is fixed by the un-augmented input.
   * @default false
   */
  readonly augSmooth?: boolean;
  /**
   * Input-space methods: how each sample's attributions (one value per pixel and channel, kept whole in
   * `samples[n].attributions`) become its `map` before min-max normalisation. @default 'max-abs' (the largest
   * absolute value over the channels, Simonyan et al.'s saliency map)
   */
  readonly inputReduction?: ChannelReduction;
  /** Size of the output maps. @default the input's height and width */
  readonly outputSize?: { readonly height: number; readonly width: number };
  /** Progress of many-pass methods (Score-CAM, Ablation-CAM): `done` of `total` passes. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Cancels the call: checked before each backend pass, between the batches of Score-CAM and Ablation-CAM, and
   * between augmentation passes and batch chunks. Once it is aborted, `explain` rejects with an
   * {@link AbortError} whose `cause` is `signal.reason` (a backend call already running finishes first).
   */
  readonly signal?: AbortSignal;
  /**
   * How a token layer's tokens form a spatial grid (transformers): prefix tokens dropped, the rest read
   * row-major as `height x width`. What is left out is inferred from the input's size (197 tokens at 224x224
   * are 1 + 14x14). @default inferred
   */
  readonly tokens?: TokenGridOptions;
}

/**
 * Explains a batch: runs the backend on it, forms each sample's map with the method, applies ReLU, normalises
 * with pytorch-grad-cam's min-max, resizes bilinearly to the input size and normalises again. With several
 * layers, the per-layer maps are averaged before the last normalisation. A batch larger than the backend's
 * `maxBatchSize` is explained chunk by chunk.
 *
 * A map that is all zeros after ReLU (no positive evidence for the target at this layer) is returned as zeros
 * with an `'all-zero-map'` warning, never NaN.
 *
 * @example
 * ```ts
 * const explanation = await explain({ backend, input });
 * const { map, classIndex } = explanation.samples[0];
 * const pp = await explain({ backend, input, method: 'gradcam++', target: classTarget(243) });
 * ```
 */
export async function explain(options: ExplainOptions): Promise<Explanation> {
  throwIfAborted(options.signal);
  const started = now();
  const { backend, input } = options;
  const limit = backend.capabilities.maxBatchSize;
  if (limit === undefined || input.shape[0] <= limit) return explainBatch(options, started);
  const chunks = splitBatch(input, options.target, limit, backend.numClasses);
  const parts: Explanation[] = [];
  for (const { input: part, target } of chunks) {
    parts.push(await explainBatch({ ...options, input: part, ...(target ? { target } : {}) }, now()));
  }
  return mergeChunks(chunks, parts, now() - started);
}

/** One batch the backend takes at once: method and layers resolved, passes run, maps formed and assembled. */
async function explainBatch(options: ExplainOptions, started: number): Promise<Explanation> {
  const { backend, input, target = { kind: 'top' } } = options;
  const method = resolveMethod(backend, options.method, options.methodOptions);
  validateInput(backend, input);
  if (isInputMethod(method)) return explainInputBatch({ ...options, target }, method, started);
  const layers = await resolveLayers(backend, options.layer);
  const { height: inputHeight, width: inputWidth } = spatialDimensions(input.shape, input.layout);
  const height = options.outputSize?.height ?? inputHeight;
  const width = options.outputSize?.width ?? inputWidth;
  const timing: PassTiming = { backendMs: 0, camMs: 0 };
  const passOptions: LayerPassOptions = {
    method,
    eigenSmooth: options.eigenSmooth ?? false,
    onProgress: options.onProgress,
    signal: options.signal,
    timing,
    tokens: options.tokens,
  };
  const runPasses = async (batch: SpatialTensor, passTarget: Target) => {
    const passes: LayerPass[] = [];
    for (const layer of layers)
      passes.push(await runLayerPass(backend, batch, layer, passTarget, passOptions));
    return passes;
  };

  const passes = await runPasses(input, target);
  const rectified = rectifyPasses(passes);
  let maps: readonly HeatMap[] = aggregateSamples(rectified, height, width);
  if (options.augSmooth) {
    const augmentedTarget = fixedTarget(passes[0]!.classIndices, target);
    const mapsOf = async (augmented: SpatialTensor) =>
      aggregateSamples(rectifyPasses(await runPasses(augmented, augmentedTarget)), height, width);
    maps = await augmentationSmoothing(input, maps, mapsOf, options.signal);
  }
  throwIfAborted(options.signal);
  return {
    layers,
    method: method.name,
    samples: assembleSamples(passes, rectified, maps),
    warnings: allZeroWarnings(method.name, layers, rectified),
    notes: backend.notes ?? [],
    timings: { ...timing, totalMs: now() - started },
  };
}

function assembleSamples(
  passes: readonly LayerPass[],
  rectified: readonly HeatMap[][],
  maps: readonly HeatMap[],
): SampleExplanation[] {
  const { scores, classIndices } = passes[0]!;
  const classes = scores.shape[1];
  return maps.map((map, sample) => ({
    classIndex: classIndices[sample] ?? null,
    scores: scores.data.slice(sample * classes, (sample + 1) * classes),
    map,
    layerMaps: passes.map((pass, index) => {
      const channelWeights = pass.channelWeights?.[sample];
      return { coarse: rectified[index]![sample]!, ...(channelWeights ? { channelWeights } : {}) };
    }),
  }));
}

function allZeroWarnings(
  method: string,
  layers: readonly string[],
  rectified: readonly HeatMap[][],
): ExplainWarning[] {
  const warnings: ExplainWarning[] = [];
  rectified[0]!.forEach((_, sample) => {
    layers.forEach((layer, index) => {
      if (rectified[index]![sample]!.data.some((value) => value > 0)) return;
      warnings.push({
        code: 'all-zero-map',
        sample,
        message:
          `Sample ${sample}: the ${method} map at "${layer}" is all zeros after ReLU ` +
          '(no positive evidence for the target at this layer). Try an earlier layer or another class.',
      });
    });
  });
  return warnings;
}
