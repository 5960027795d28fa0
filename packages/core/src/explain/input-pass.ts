import type { Backend } from '../backend/v1/backend-v1.js';
import { throwIfAborted } from '../errors/abort-error.js';
import { GradcamError } from '../errors/gradcam-error.js';
import { type ChannelReduction, reduceInputChannels } from '../input-space/channel-reduction.js';
import { resolvedInputGradient } from '../input-space/input-gradients.js';
import { minMaxNormalize } from '../math/min-max-normalize.js';
import { resizeBilinear } from '../math/resize-bilinear.js';
import { toLayout } from '../math/to-layout.js';
import type { CamMethod } from '../methods/cam-method.js';
import type { InputMethod, LayerMaps } from '../methods/input-method.js';
import type { Target } from '../target/target.js';
import { type HeatMap, type SpatialTensor, spatialDimensions } from '../tensor.js';
import { aggregateSamples, rectifyPasses } from './aggregate-layers.js';
import { now, type PassTiming } from './clock.js';
import type { ExplainWarning, Explanation, SampleExplanation } from './explanation.js';
import { type LayerPass, runLayerPass } from './layer-pass.js';
import { resolveLayers } from './resolve-layers.js';

/** What {@link explainInputBatch} needs of `explain`'s options. */
export interface InputPassOptions {
  /** The backend (with input gradients). */
  readonly backend: Backend;
  /** The input batch. */
  readonly input: SpatialTensor;
  /** What to explain. */
  readonly target: Target;
  /** The layers of a method that combines a layer map (Guided Grad-CAM); ignored by the others. */
  readonly layer?: string | readonly string[] | undefined;
  /** Size of the display maps. */
  readonly outputSize?: { readonly height: number; readonly width: number } | undefined;
  /** How the attributions become the display map. @default 'max-abs' */
  readonly inputReduction?: ChannelReduction | undefined;
  /** Layer methods only: rejected when set. */
  readonly eigenSmooth?: boolean | undefined;
  /** Layer methods only: rejected when set. */
  readonly augSmooth?: boolean | undefined;
  /** Progress of many-pass methods. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Cancels between passes. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * `explain` for an input-space method, one batch: one exact input-gradient pass fixes the explained score (and
 * gives the scores and classes), the method forms the attributions, and each sample's map is their channel
 * reduction (`inputReduction`, default `'max-abs'`), min-max normalised (and resized to `outputSize`).
 *
 * @throws `GradcamError` with code `'unsupported-option'` for `eigenSmooth` or `augSmooth`, which apply to layer
 * methods only.
 */
export async function explainInputBatch(
  options: InputPassOptions,
  method: InputMethod,
  started: number,
): Promise<Explanation> {
  const { backend, input, target, signal } = options;
  for (const option of ['eigenSmooth', 'augSmooth'] as const) {
    if (options[option]) {
      throw new GradcamError(
        'unsupported-option',
        `${option} applies to layer methods; ${method.name} forms its map in input space. Leave ${option} unset.`,
      );
    }
  }
  const layers = method.usesLayers ? await resolveLayers(backend, options.layer) : [];
  const { height, width } = spatialDimensions(input.shape, input.layout);
  const timing: PassTiming = { backendMs: 0, camMs: 0 };
  throwIfAborted(signal);
  const backendStarted = now();
  const first = await resolvedInputGradient(backend, input, target);
  timing.backendMs += now() - backendStarted;
  const weightsTarget: Target = { kind: 'weights', weights: first.weights };
  const layerMapsOf = async (layerMethod: CamMethod): Promise<LayerMaps> => {
    const passes: LayerPass[] = [];
    for (const layer of layers) {
      passes.push(
        await runLayerPass(backend, input, layer, weightsTarget, {
          method: layerMethod,
          eigenSmooth: false,
          onProgress: options.onProgress,
          signal,
          timing,
        }),
      );
    }
    const rectified = rectifyPasses(passes);
    return {
      maps: aggregateSamples(rectified, height, width),
      layerMaps: rectified[0]!.map((_, sample) =>
        passes.map((pass, index) => {
          const channelWeights = pass.channelWeights?.[sample];
          return { coarse: rectified[index]![sample]!, ...(channelWeights ? { channelWeights } : {}) };
        }),
      ),
    };
  };
  const camStarted = now();
  const output = await method.compute({
    backend,
    input,
    targetWeights: first.weights,
    scores: first.scores,
    gradients: first.gradients,
    layers,
    layerMapsOf,
    onProgress: options.onProgress,
    signal,
  });
  throwIfAborted(signal);
  const attributions = toLayout(output.attributions, 'nchw');
  const reduced = reduceInputChannels(attributions, options.inputReduction ?? 'max-abs');
  const outputHeight = options.outputSize?.height ?? height;
  const outputWidth = options.outputSize?.width ?? width;
  const maps = reduced.map((map) => displayMap(map, outputHeight, outputWidth));
  timing.camMs += now() - camStarted;
  const [batch, channels] = attributions.shape;
  const size = attributions.data.length / batch;
  const classes = first.classes;
  const samples: SampleExplanation[] = maps.map((map, sample) => {
    const completeness = output.completeness?.[sample];
    return {
      classIndex: first.classIndices[sample] ?? null,
      scores: first.scores.data.slice(sample * classes, (sample + 1) * classes),
      map,
      layerMaps: output.layerMaps?.layerMaps[sample] ?? [],
      attributions: {
        data: attributions.data.slice(sample * size, (sample + 1) * size),
        shape: [1, channels, height, width],
        layout: 'nchw',
      },
      ...(completeness ? { completeness } : {}),
    };
  });
  return {
    layers: output.layerMaps ? layers : [],
    method: method.name,
    samples,
    warnings: zeroWarnings(method.name, reduced),
    notes: backend.notes ?? [],
    timings: { ...timing, totalMs: now() - started },
  };
}

/** The reduced attributions as a map in `[0, 1]` at the output size. */
function displayMap(map: HeatMap, height: number, width: number): HeatMap {
  const normalised = minMaxNormalize(map);
  if (map.height === height && map.width === width) return normalised;
  return minMaxNormalize(resizeBilinear(normalised, height, width));
}

function zeroWarnings(method: string, reduced: readonly HeatMap[]): ExplainWarning[] {
  const warnings: ExplainWarning[] = [];
  reduced.forEach((map, sample) => {
    if (map.data.some((value) => value !== 0)) return;
    warnings.push({
      code: 'all-zero-map',
      sample,
      message:
        `Sample ${sample}: the ${method} attributions are all zeros (the score does not depend on the input ` +
        'here, or every ReLU is off). Try another class or input.',
    });
  });
  return warnings;
}
