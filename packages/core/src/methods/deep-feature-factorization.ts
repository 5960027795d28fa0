import type { Backend } from '../backend/v1/backend-v1.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { elementIndexer } from '../math/element-indexer.js';
import {
  type NonNegativeFactorizationOptions,
  nonNegativeFactorization,
} from '../math/non-negative-factorization.js';
import { type HeatMap, type SpatialTensor, spatialDimensions } from '../tensor.js';
import type { CamMethod } from './cam-method.js';
import { targetScore } from './channel-selection.js';

/** Options of {@link deepFeatureFactorization} and the `dff` method. */
export interface DeepFeatureFactorizationOptions extends NonNegativeFactorizationOptions {
  /** Number of concepts. @default 5 (fewer for a layer with fewer channels or positions) */
  readonly components?: number;
}

/** The concepts a layer's activations factor into. */
export interface FeatureFactorization {
  /** Number of concepts. */
  readonly components: number;
  /** Number of channels of the layer. */
  readonly channels: number;
  /** `[components * channels]`: each concept's activation vector (the anchor's `concepts`, transposed). */
  readonly concepts: Float32Array;
  /** Per sample, per concept, where the concept is present (at the layer's resolution, not normalised). */
  readonly maps: readonly (readonly HeatMap[])[];
  /** `|A - W H|_F / |A|_F` of the factorisation of the shifted activations. */
  readonly relativeError: number;
}

/**
 * Deep Feature Factorization (Collins et al., ECCV 2018), as pytorch-grad-cam's `dff` computes it: the
 * activations of the whole batch, as a `[channels, batch * H * W]` matrix, are shifted per channel by their
 * minimum (so they are non-negative) and factored by non-negative matrix factorisation into `components`
 * concepts: `W` (`[channels, components]`, plus the shift back: the concept vectors) and `H` (where each concept
 * is, per sample). The factorisation is seeded and deterministic, but is not the anchor's (scikit-learn's solver
 * and random numbers differ): maps agree in what they show, not to the digit.
 */
export function deepFeatureFactorization(
  activations: SpatialTensor,
  options: DeepFeatureFactorizationOptions = {},
): FeatureFactorization {
  const { batch, channels, height, width } = spatialDimensions(activations.shape, activations.layout);
  const area = height * width;
  const columns = batch * area;
  const components = options.components ?? Math.min(5, channels, columns);
  const at = elementIndexer(activations);
  const matrix = new Float64Array(channels * columns);
  const offsets = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let min = Number.POSITIVE_INFINITY;
    for (let n = 0; n < batch; n++) {
      for (let pixel = 0; pixel < area; pixel++) {
        const raw = activations.data[at(n, c, pixel)]!;
        const value = Number.isNaN(raw) ? 0 : raw;
        matrix[c * columns + n * area + pixel] = value;
        if (value < min) min = value;
      }
    }
    offsets[c] = min;
    for (let j = 0; j < columns; j++) matrix[c * columns + j]! -= min;
  }
  const factors = nonNegativeFactorization(matrix, channels, columns, components, options);
  const concepts = new Float32Array(components * channels);
  for (let k = 0; k < components; k++)
    for (let c = 0; c < channels; c++)
      concepts[k * channels + c] = factors.w[c * components + k]! + offsets[c]!;
  const maps = Array.from({ length: batch }, (_, n) =>
    Array.from({ length: components }, (_, k) => ({
      data: Float32Array.from({ length: area }, (_, pixel) => factors.h[k * columns + n * area + pixel]!),
      height,
      width,
    })),
  );
  return { components, channels, concepts, maps, relativeError: factors.relativeError };
}

/**
 * The model's scores for each concept: the rest of the model (`headFromActivations`) run on the layer's
 * activations filled, at every position, with the concept's vector. For a head that pools globally and then
 * classifies (ResNet, MobileNet, ...) this is the classifier applied to the concept, as the anchor's
 * `computation_on_concepts` does.
 *
 * @returns `[components, classes]` scores.
 * @throws {@link CapabilityNotSupportedError} when the backend cannot run its head.
 */
export async function conceptScores(
  backend: Backend,
  layer: string,
  factorization: FeatureFactorization,
  activationShape: SpatialTensor['shape'],
  layout: SpatialTensor['layout'],
): Promise<{ data: Float32Array; shape: [number, number] }> {
  if (!backend.headFromActivations) {
    throw new CapabilityNotSupportedError(
      'headFromActivations',
      backend.name,
      'Scoring concepts runs the model from the layer to the scores.',
    );
  }
  const { components, channels, concepts } = factorization;
  const { height, width } = spatialDimensions(activationShape, layout);
  const area = height * width;
  // One head run per chunk of concepts, as large as the backend takes (a model with a fixed batch of 1 gets one
  // concept per run).
  const chunk = Math.max(1, Math.min(components, backend.capabilities.maxBatchSize ?? components));
  let classes = 0;
  let data = new Float32Array(0);
  for (let first = 0; first < components; first += chunk) {
    const count = Math.min(chunk, components - first);
    const shape = (
      layout === 'nchw' ? [count, channels, height, width] : [count, height, width, channels]
    ) as SpatialTensor['shape'];
    const tensor: SpatialTensor = { data: new Float32Array(count * channels * area), shape, layout };
    const at = elementIndexer(tensor);
    for (let k = 0; k < count; k++)
      for (let c = 0; c < channels; c++)
        for (let pixel = 0; pixel < area; pixel++)
          tensor.data[at(k, c, pixel)] = concepts[(first + k) * channels + c]!;
    const scores = await backend.headFromActivations({ layer, activations: tensor });
    if (first === 0) {
      classes = scores.shape[1];
      data = new Float32Array(components * classes);
    }
    data.set(scores.data.subarray(0, count * classes), first * classes);
  }
  return { data, shape: [components, classes] };
}

/**
 * DFF as a CAM method: the layer's activations are factored into concepts ({@link deepFeatureFactorization});
 * each sample's map is where the concept that the target scores highest (through the model's head,
 * {@link conceptScores}) is present. Needs `headFromActivations`.
 */
export function createDeepFeatureFactorization(options: DeepFeatureFactorizationOptions = {}): CamMethod {
  return {
    name: 'dff',
    requires: ['headFromActivations'],
    async compute({ backend, layer, activations, scores, targetWeights }) {
      const factorization = deepFeatureFactorization(activations, options);
      const conceptScoreTable = await conceptScores(
        backend,
        layer,
        factorization,
        activations.shape,
        activations.layout,
      );
      const { batch, height, width } = spatialDimensions(activations.shape, activations.layout);
      const classes = scores.shape[1];
      const area = height * width;
      const data = new Float32Array(batch * area);
      for (let n = 0; n < batch; n++) {
        let best = 0;
        let bestScore = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < factorization.components; k++) {
          const score = targetScore(conceptScoreTable.data, k, targetWeights, n, classes);
          if (score > bestScore) {
            bestScore = score;
            best = k;
          }
        }
        data.set(factorization.maps[n]![best]!.data, n * area);
      }
      return {
        kind: 'weighted-activations',
        tensor: { data, shape: [batch, 1, height, width], layout: 'nchw' },
      };
    },
  };
}
