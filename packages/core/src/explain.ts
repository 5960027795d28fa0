import type { Backend, LayerInfo } from './backend/v1/backend-v1.js';
import { chooseLayer, isSpatialLayer, isTokenLayer } from './choose-layer.js';
import { throwIfAborted } from './errors/abort-error.js';
import { CapabilityNotSupportedError } from './errors/capability-not-supported-error.js';
import { ShapeMismatchError } from './errors/shape-mismatch-error.js';
import { UnknownLayerError } from './errors/unknown-layer-error.js';
import { flipHorizontal } from './math/flip-horizontal.js';
import { minMaxNormalize } from './math/min-max-normalize.js';
import { relu } from './math/relu.js';
import { resizeBilinear } from './math/resize-bilinear.js';
import type { CamMethod } from './methods/cam-method.js';
import { type CamMethodName, type CamMethodOptions, camMethod } from './methods/cam-methods.js';
import { gradCam } from './methods/grad-cam.js';
import { type LayerPass, runLayerPass } from './run-layer-pass.js';
import type { Target } from './target/target.js';
import { type HeatMap, type SpatialTensor, spatialDimensions } from './tensor.js';
import type { TokenGridOptions } from './tokens/token-grid.js';
import { validateInput } from './validate-input.js';

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** The model, wrapped in a backend (`@gradcam/tfjs`, `@gradcam/onnx`, or your own). */
  readonly backend: Backend;
  /** The input batch, already preprocessed, in the backend's input layout. */
  readonly input: SpatialTensor;
  /**
   * The layer to explain at, or several layers whose maps are fused (each normalised and resized, then
   * averaged and normalised again, as pytorch-grad-cam does). @default the last spatial layer ({@link chooseLayer})
   */
  readonly layer?: string | readonly string[];
  /** What to explain. @default `{ kind: 'top' }` (each sample's top-1 class) */
  readonly target?: Target;
  /** The CAM method, by name or as a strategy. @default 'gradcam' */
  readonly method?: CamMethod | CamMethodName;
  /** Options of the many-pass methods when `method` is a name. */
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

/** A non-fatal problem found while explaining. */
export interface ExplainWarning {
  /** Machine-readable kind, e.g. `'all-zero-map'`. */
  readonly code: string;
  /** What happened and what it means. */
  readonly message: string;
  /** The sample it concerns, when it concerns one. */
  readonly sample?: number;
}

/** The map of one sample at one layer. */
export interface LayerMap {
  /** The layer. */
  readonly layer: string;
  /** The map at the layer's resolution after ReLU, not normalised. */
  readonly coarse: HeatMap;
  /** The method's channel weights at this layer, when it has them. */
  readonly channelWeights?: Float32Array;
}

/** The explanation of one sample. */
export interface SampleExplanation {
  /** The class explained, or `null` when the target is an arbitrary weighting of the scores. */
  readonly classIndex: number | null;
  /** The model's scores for this sample (pre-softmax when the backend says so in its notes). */
  readonly scores: Float32Array;
  /** The method's channel weights at the (first) layer, when it has them. */
  readonly channelWeights?: Float32Array;
  /** The map at the (first) layer's resolution after ReLU, not normalised. */
  readonly coarse: HeatMap;
  /** Per layer, when several layers were asked for. */
  readonly layers: readonly LayerMap[];
  /** The final map in `[0, 1]` at the output size: pytorch-grad-cam's result. */
  readonly map: HeatMap;
}

/** Timings of one {@link explain} call, in milliseconds. */
export interface ExplainTimings {
  /** Time spent in the backend's forward (and backward) passes of the input itself. */
  readonly backendMs: number;
  /** Time spent forming the maps, including the extra passes of many-pass methods. */
  readonly camMs: number;
  /** Wall-clock time of the whole call. */
  readonly totalMs: number;
}

/** The result of {@link explain}. */
export interface Explanation {
  /** The layers the maps were computed at. */
  readonly layers: readonly string[];
  /** The first of {@link Explanation.layers}. */
  readonly layer: string;
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

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Resolves the layer to explain at: the one named (checked against the backend's layers), or the automatic
 * choice.
 *
 * @throws {@link UnknownLayerError} when the name is not one of the backend's layers, or the model has no
 * spatial layer.
 */
export async function resolveLayer(backend: Backend, layer?: string): Promise<LayerInfo> {
  const layers = await backend.listLayers();
  if (layer === undefined) {
    const chosen = chooseLayer(layers);
    if (!chosen) throw new UnknownLayerError('(automatic: no layer with a spatial output)', names(layers));
    return chosen;
  }
  const found = layers.find((candidate) => candidate.name === layer);
  if (!found) throw new UnknownLayerError(layer, names(layers));
  return found;
}

function names(layers: readonly LayerInfo[]): string[] {
  const spatial = layers
    .filter((info) => isSpatialLayer(info) || isTokenLayer(info))
    .map((info) => info.name);
  return spatial.length > 0 ? spatial : layers.map((info) => info.name);
}

function checkCapabilities(backend: Backend, method: CamMethod): void {
  for (const capability of method.requires) {
    if (!backend.capabilities[capability]) {
      const hint =
        capability === 'gradients'
          ? method.requires.length > 1
            ? `${method.name} ranks channels by gradient here: rank them by 'activation' with this backend.`
            : 'Use a gradient-free method (scorecam, ablationcam, eigencam) with this backend.'
          : `${method.name} needs it; gradient methods (gradcam, gradcam++, ...) do not.`;
      throw new CapabilityNotSupportedError(capability, backend.name, hint);
    }
  }
}

/**
 * Explains a batch: runs the backend on it, forms each sample's map with the method, applies ReLU, normalises
 * with pytorch-grad-cam's min-max, resizes bilinearly to the input size and normalises again. With several
 * layers, the per-layer maps are averaged before the last normalisation.
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
  const limit = options.backend.capabilities.maxBatchSize;
  if (limit !== undefined && options.input.shape[0] > limit) return explainInChunks(options, limit);
  const started = now();
  const { backend, input, target = { kind: 'top' } } = options;
  const method =
    typeof options.method === 'string'
      ? camMethod(options.method, options.methodOptions)
      : (options.method ?? gradCam);
  checkCapabilities(backend, method);
  validateInput(backend, input);
  const requested = options.layer === undefined ? [undefined] : [options.layer].flat();
  if (requested.length === 0) throw new RangeError('`layer` is an empty list: name at least one layer.');
  const layerNames: string[] = [];
  for (const layer of requested) layerNames.push((await resolveLayer(backend, layer)).name);
  const { height: inputHeight, width: inputWidth } = spatialDimensions(input.shape, input.layout);
  const outputHeight = options.outputSize?.height ?? inputHeight;
  const outputWidth = options.outputSize?.width ?? inputWidth;
  const timing = { backendMs: 0, camMs: 0 };
  const passOptions = {
    method,
    eigenSmooth: options.eigenSmooth ?? false,
    onProgress: options.onProgress,
    signal: options.signal,
    timing,
    tokens: options.tokens,
  };

  const passes: LayerPass[] = [];
  for (const layer of layerNames) passes.push(await runLayerPass(backend, input, layer, target, passOptions));
  const first = passes[0]!;
  const warnings: ExplainWarning[] = [];
  // Per pass and sample, the map after ReLU: computed once, used for the output map and the result.
  const rectified = (layerPasses: readonly LayerPass[]) => layerPasses.map((pass) => pass.maps.map(relu));
  const fuse = (coarse: readonly HeatMap[][], sample: number) =>
    fuseLayers(
      coarse.map((maps) => maps[sample]!),
      outputHeight,
      outputWidth,
    );
  const coarseMaps = rectified(passes);
  let maps = first.maps.map((_, sample) => fuse(coarseMaps, sample));

  if (options.augSmooth) {
    const fixedTarget: Target = first.classIndices.every((index) => index !== null)
      ? { kind: 'class', index: first.classIndices as number[] }
      : target;
    const sums = maps.map((map) => Float64Array.from(map.data));
    for (const flip of [false, true]) {
      for (const factor of [0.9, 1, 1.1]) {
        if (!flip && factor === 1) continue;
        const augmented = scaleInput(flip ? flipHorizontal(input) : input, factor);
        const augmentedPasses: LayerPass[] = [];
        for (const layer of layerNames) {
          augmentedPasses.push(await runLayerPass(backend, augmented, layer, fixedTarget, passOptions));
        }
        const augmentedCoarse = rectified(augmentedPasses);
        augmentedPasses[0]!.maps.forEach((_, sample) => {
          const map = fuse(augmentedCoarse, sample);
          const restored = flip ? flipMap(map) : map;
          for (let index = 0; index < restored.data.length; index++)
            sums[sample]![index]! += restored.data[index]!;
        });
      }
    }
    maps = sums.map((sum) => ({
      data: Float32Array.from(sum, (value) => value / 6),
      height: outputHeight,
      width: outputWidth,
    }));
  }

  const classes = first.scores.shape[1];
  const samples = maps.map((map, sample): SampleExplanation => {
    const layers = passes.map((pass, passIndex): LayerMap => {
      const coarse = coarseMaps[passIndex]![sample]!;
      if (!coarse.data.some((value) => value > 0)) {
        warnings.push({
          code: 'all-zero-map',
          sample,
          message:
            `Sample ${sample}: the ${method.name} map at "${pass.layer}" is all zeros after ReLU ` +
            '(no positive evidence for the target at this layer). Try an earlier layer or another class.',
        });
      }
      const channelWeights = pass.channelWeights?.[sample];
      return { layer: pass.layer, coarse, ...(channelWeights ? { channelWeights } : {}) };
    });
    const primary = layers[0]!;
    return {
      classIndex: first.classIndices[sample] ?? null,
      scores: first.scores.data.slice(sample * classes, (sample + 1) * classes),
      ...(primary.channelWeights ? { channelWeights: primary.channelWeights } : {}),
      coarse: primary.coarse,
      layers,
      map,
    };
  });
  throwIfAborted(options.signal);
  const totalMs = now() - started;
  return {
    layers: layerNames,
    layer: layerNames[0]!,
    method: method.name,
    samples,
    warnings,
    notes: backend.notes ?? [],
    timings: { backendMs: timing.backendMs, camMs: timing.camMs, totalMs },
  };
}

/**
 * pytorch-grad-cam's per-layer scaling and multi-layer aggregation: each map (after ReLU) is min-max normalised
 * and resized; the maps are averaged and min-max normalised again. For one layer this is
 * `minmax(resize(minmax(map)))`.
 */
export function fuseLayers(maps: readonly HeatMap[], height: number, width: number): HeatMap {
  const resized = maps.map((map) => resizeBilinear(minMaxNormalize(map), height, width));
  if (resized.length === 1) return minMaxNormalize(resized[0]!);
  const mean = new Float32Array(height * width);
  for (const map of resized) {
    for (let index = 0; index < mean.length; index++)
      mean[index]! += Math.max(map.data[index]!, 0) / resized.length;
  }
  return minMaxNormalize({ data: mean, height, width });
}

function scaleInput(input: SpatialTensor, factor: number): SpatialTensor {
  if (factor === 1) return input;
  return { ...input, data: input.data.map((value) => value * factor) };
}

function flipMap(map: HeatMap): HeatMap {
  const data = new Float32Array(map.data.length);
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++)
      data[y * map.width + x] = map.data[y * map.width + (map.width - 1 - x)]!;
  }
  return { data, height: map.height, width: map.width };
}

/** A batch larger than the backend's `maxBatchSize`, explained chunk by chunk and put back together. */
async function explainInChunks(options: ExplainOptions, limit: number): Promise<Explanation> {
  const started = now();
  const { input } = options;
  const batch = input.shape[0];
  const sampleSize = input.data.length / batch;
  const parts: Explanation[] = [];
  for (let start = 0; start < batch; start += limit) {
    const count = Math.min(limit, batch - start);
    const chunk: SpatialTensor = {
      data: input.data.subarray(start * sampleSize, (start + count) * sampleSize),
      shape: [count, input.shape[1], input.shape[2], input.shape[3]],
      layout: input.layout,
    };
    const target = chunkTarget(options.target, start, count, batch, options.backend.numClasses);
    parts.push(await explain({ ...options, input: chunk, ...(target ? { target } : {}) }));
  }
  const first = parts[0]!;
  return {
    ...first,
    samples: parts.flatMap((part) => part.samples),
    warnings: parts.flatMap((part, index) =>
      part.warnings.map((warning) =>
        warning.sample === undefined ? warning : { ...warning, sample: warning.sample + index * limit },
      ),
    ),
    timings: {
      backendMs: parts.reduce((sum, part) => sum + part.timings.backendMs, 0),
      camMs: parts.reduce((sum, part) => sum + part.timings.camMs, 0),
      totalMs: now() - started,
    },
  };
}

/** The part of a per-sample target that belongs to samples `[start, start + count)`. */
function chunkTarget(
  target: Target | undefined,
  start: number,
  count: number,
  batch: number,
  numClasses: number | undefined,
): Target | undefined {
  if (target?.kind === 'class' && typeof target.index !== 'number') {
    return { kind: 'class', index: target.index.slice(start, start + count) };
  }
  if (target?.kind === 'weights') {
    const length = target.weights.length;
    if (numClasses === undefined) {
      if (length % batch !== 0 || batch === 1) return target;
      throw new ShapeMismatchError(
        `A batch of ${batch} exceeds the backend's maxBatchSize and the backend does not say how many classes it ` +
          'scores, so per-sample target weights cannot be split: pass one row of weights, or smaller batches.',
      );
    }
    if (length === batch * numClasses && length !== numClasses) {
      return {
        kind: 'weights',
        weights: Array.from(target.weights).slice(start * numClasses, (start + count) * numClasses),
      };
    }
  }
  return target;
}
