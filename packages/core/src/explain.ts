import type { Backend, LayerInfo } from './backend/v1/backend-v1.js';
import { chooseLayer, isSpatialLayer } from './choose-layer.js';
import { CapabilityNotSupportedError } from './errors/capability-not-supported-error.js';
import { UnknownLayerError } from './errors/unknown-layer-error.js';
import { minMaxNormalize } from './math/min-max-normalize.js';
import { relu } from './math/relu.js';
import { resizeBilinear } from './math/resize-bilinear.js';
import type { CamMethod } from './methods/cam-method.js';
import { gradCam } from './methods/grad-cam.js';
import type { Target } from './target/target.js';
import { type HeatMap, type SpatialTensor, spatialDimensions } from './tensor.js';
import { validateInput } from './validate-input.js';

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** The model, wrapped in a backend (`@gradcam/tfjs`, `@gradcam/onnx`, or your own). */
  readonly backend: Backend;
  /** The input batch, already preprocessed, in the backend's input layout. */
  readonly input: SpatialTensor;
  /** The layer to explain at. @default the last spatial layer ({@link chooseLayer}) */
  readonly layer?: string;
  /** What to explain. @default `{ kind: 'top' }` (each sample's top-1 class) */
  readonly target?: Target;
  /** The CAM method. @default Grad-CAM */
  readonly method?: CamMethod;
  /** Size of the output maps. @default the input's height and width */
  readonly outputSize?: { readonly height: number; readonly width: number };
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

/** The explanation of one sample. */
export interface SampleExplanation {
  /** The class explained, or `null` when the target is an arbitrary weighting of the scores. */
  readonly classIndex: number | null;
  /** The model's scores for this sample (pre-softmax when the backend says so in its notes). */
  readonly scores: Float32Array;
  /** The method's channel weights, when it has them. */
  readonly channelWeights?: Float32Array;
  /** The map at the layer's resolution after ReLU, not normalised. */
  readonly coarse: HeatMap;
  /** The map normalised to `[0, 1]`, resized to the output size, normalised again (pytorch-grad-cam's result). */
  readonly map: HeatMap;
}

/** Timings of one {@link explain} call, in milliseconds. */
export interface ExplainTimings {
  /** Time spent in the backend (forward and backward passes). */
  readonly backendMs: number;
  /** Time spent forming, normalising and resizing the maps. */
  readonly camMs: number;
  /** Wall-clock time of the whole call. */
  readonly totalMs: number;
}

/** The result of {@link explain}. */
export interface Explanation {
  /** The layer the maps were computed at. */
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
  const spatial = layers.filter(isSpatialLayer).map((info) => info.name);
  return spatial.length > 0 ? spatial : layers.map((info) => info.name);
}

/**
 * Explains a batch: runs the backend once (forward and backward), forms each sample's map with the method,
 * applies ReLU, normalises with pytorch-grad-cam's min-max, resizes bilinearly to the input size and normalises
 * again.
 *
 * A map that is all zeros after ReLU (no positive evidence for the target at this layer) is returned as zeros
 * with an `'all-zero-map'` warning, never NaN.
 *
 * @example
 * ```ts
 * const explanation = await explain({ backend, input });
 * const { map, classIndex } = explanation.samples[0];
 * ```
 */
export async function explain(options: ExplainOptions): Promise<Explanation> {
  const started = now();
  const { backend, input, target = { kind: 'top' }, method = gradCam } = options;
  if (!backend.capabilities.gradients) {
    throw new CapabilityNotSupportedError(
      'gradients',
      backend.name,
      'Use a gradient-free method (scorecam, ablationcam, eigencam) with this backend.',
    );
  }
  validateInput(backend, input);
  const layerInfo = await resolveLayer(backend, options.layer);
  const backendStarted = now();
  const result = await backend.forwardWithGradient({ input, layer: layerInfo.name, target });
  const backendMs = now() - backendStarted;

  const camStarted = now();
  const output = await method.compute({ backend, input, layer: layerInfo.name, result });
  const { height: inputHeight, width: inputWidth } = spatialDimensions(input.shape, input.layout);
  const outputHeight = options.outputSize?.height ?? inputHeight;
  const outputWidth = options.outputSize?.width ?? inputWidth;
  const [, classes] = result.scores.shape;
  const warnings: ExplainWarning[] = [];
  const samples = output.maps.map((raw, sample): SampleExplanation => {
    const coarse = relu(raw);
    if (!coarse.data.some((value) => value > 0)) {
      warnings.push({
        code: 'all-zero-map',
        sample,
        message:
          `Sample ${sample}: the ${method.name} map at "${layerInfo.name}" is all zeros after ReLU ` +
          '(no positive evidence for the target at this layer). Try an earlier layer or another class.',
      });
    }
    const map = minMaxNormalize(resizeBilinear(minMaxNormalize(coarse), outputHeight, outputWidth));
    const channelWeights = output.channelWeights?.[sample];
    return {
      classIndex: result.classIndices[sample] ?? null,
      scores: result.scores.data.slice(sample * classes, (sample + 1) * classes),
      ...(channelWeights ? { channelWeights } : {}),
      coarse,
      map,
    };
  });
  const finished = now();
  return {
    layer: layerInfo.name,
    method: method.name,
    samples,
    warnings,
    notes: backend.notes ?? [],
    timings: { backendMs, camMs: finished - camStarted, totalMs: finished - started },
  };
}
