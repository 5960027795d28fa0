import { DisposedGuard } from '../backend/toolkit/disposed-guard.js';
import { validateLayerActivations } from '../backend/toolkit/layer-activations.js';
import type {
  BackendV1,
  ForwardRequest,
  ForwardResult,
  GradientRequest,
  GradientResult,
  HeadRequest,
  InputGradientRequest,
  InputGradientResult,
  LayerInfo,
} from '../backend/v1/backend-v1.js';
import { CapabilityNotSupportedError } from '../errors/capability-not-supported-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { UnknownLayerError } from '../errors/unknown-layer-error.js';
import { toLayout } from '../math/to-layout.js';
import { resolveTarget } from '../target/target-weights.js';
import type { Layout, ScoreTensor, SpatialTensor } from '../tensor.js';
import { validateInput } from '../validate-input.js';
import {
  type ConformanceModel,
  conformanceForward,
  conformanceGradient,
  conformanceInputGradient,
} from './conformance-model.js';

/** Options of {@link referenceBackend}. */
export interface ReferenceBackendOptions {
  /** The layout of its input and activations. */
  readonly layout: Layout;
  /** Offer gradients (`false`: a forward-only backend). @default true */
  readonly gradients?: boolean;
  /** Implement `forward`, `headFromActivations`, `forwardWithInputGradient` and `layerBiases`. @default true */
  readonly optional?: boolean;
  /** Multiply the gradients by this (a deliberately wrong backend, to show the suite catches it). @default 1 */
  readonly gradientScale?: number;
  /** The largest batch one call accepts; larger batches are rejected. @default 64 */
  readonly maxBatchSize?: number;
}

/**
 * A Backend v1 that runs the {@link ConformanceModel} in plain TypeScript, with layers `conv` and `relu` (and,
 * unless `optional` is `false`, every optional capability, input gradients included): a
 * complete example adapter, the proof that the conformance suite passes on a correct implementation, and a
 * reference other backends' CAM maps can be compared with on the same model.
 */
export function referenceBackend(model: ConformanceModel, options: ReferenceBackendOptions): BackendV1 {
  const { layout, gradients = true, optional = true, gradientScale = 1, maxBatchSize = 64 } = options;
  const checkBatch = (input: SpatialTensor) => {
    if (input.shape[0] > maxBatchSize) {
      throw new ShapeMismatchError(
        `Batch of ${input.shape[0]} exceeds this backend's maxBatchSize ${maxBatchSize}.`,
      );
    }
  };
  const live = new Set<object>();
  const guard = new DisposedGuard(() => `reference-${layout}`, 'referenceBackend()');
  const shape = (channels: number): [number, number, number, number] =>
    layout === 'nchw'
      ? [null as never, channels, model.height, model.width]
      : [null as never, model.height, model.width, channels];
  const layers: LayerInfo[] = [
    { name: 'conv', kind: 'Conv', outputShape: shape(model.channels), layout },
    { name: 'relu', kind: 'Relu', outputShape: shape(model.channels), layout },
    { name: 'pool', kind: 'GlobalAveragePool', outputShape: [null, model.channels], layout },
  ];
  const scoresOf = (data: Float32Array, batch: number): ScoreTensor => ({
    data,
    shape: [batch, model.classes],
  });
  const layerTensor = (forward: ReturnType<typeof conformanceForward>, layer: string): SpatialTensor => {
    if (layer === 'conv') return forward.conv;
    if (layer === 'relu') return forward.relu;
    throw new UnknownLayerError(layer, ['conv', 'relu']);
  };
  const backend: BackendV1 = {
    specificationVersion: 'v1',
    name: `reference-${layout}`,
    input: { name: 'input', shape: shape(model.inputChannels), layout },
    numClasses: model.classes,
    capabilities: {
      gradients,
      forward: optional,
      headFromActivations: optional,
      inputGradients: optional,
      layerBiases: optional,
      maxBatchSize,
    },
    async listLayers() {
      guard.ensureOpen();
      return layers;
    },
    async forwardWithGradient(request: GradientRequest): Promise<GradientResult> {
      guard.ensureOpen();
      if (!gradients) throw new CapabilityNotSupportedError('gradients', backend.name);
      const scratch = {};
      live.add(scratch);
      try {
        validateInput(backend, request.input);
        checkBatch(request.input);
        await Promise.resolve();
        const forward = conformanceForward(model, request.input);
        const activations = layerTensor(forward, request.layer);
        const batch = request.input.shape[0];
        const scores = scoresOf(forward.scores, batch);
        const target = resolveTarget(request.target, scores);
        const gradient = conformanceGradient(model, forward, target.weights, request.layer === 'conv');
        if (gradientScale !== 1)
          for (let index = 0; index < gradient.length; index++) gradient[index]! *= gradientScale;
        return {
          scores,
          activations: { ...activations, data: activations.data.slice() },
          gradients: { data: gradient, shape: activations.shape, layout },
          classIndices: target.classIndices,
        };
      } finally {
        live.delete(scratch);
      }
    },
    countLiveTensors: () => live.size,
    async dispose() {
      guard.close();
    },
  };
  if (optional) {
    backend.forward = async (request: ForwardRequest): Promise<ForwardResult> => {
      guard.ensureOpen();
      validateInput(backend, request.input);
      checkBatch(request.input);
      const forward = conformanceForward(model, request.input);
      const activations: Record<string, SpatialTensor> = {};
      for (const layer of request.layers ?? []) {
        const tensor = layerTensor(forward, layer);
        activations[layer] = { ...tensor, data: tensor.data.slice() };
      }
      return { scores: scoresOf(forward.scores, request.input.shape[0]), activations };
    };
    backend.forwardWithInputGradient = async (
      request: InputGradientRequest,
    ): Promise<InputGradientResult> => {
      guard.ensureOpen();
      validateInput(backend, request.input);
      checkBatch(request.input);
      await Promise.resolve();
      const forward = conformanceForward(model, request.input);
      const scores = scoresOf(forward.scores, request.input.shape[0]);
      const target = resolveTarget(request.target, scores);
      const gradient = conformanceInputGradient(model, forward, target.weights, request.guided === true);
      if (gradientScale !== 1)
        for (let index = 0; index < gradient.length; index++) gradient[index]! *= gradientScale;
      return {
        scores,
        gradients: { data: gradient, shape: request.input.shape, layout },
        classIndices: target.classIndices,
      };
    };
    backend.layerBiases = async () => {
      guard.ensureOpen();
      return [{ layer: 'conv', bias: model.convBias.slice() }];
    };
    backend.headFromActivations = async (request: HeadRequest): Promise<ScoreTensor> => {
      guard.ensureOpen();
      const relu = layers.find((layer) => layer.name === 'relu')!;
      if (request.layer !== 'relu') throw new UnknownLayerError(request.layer, ['relu']);
      const activations = toLayout(
        validateLayerActivations({ ...relu, layout }, request.activations),
        'nchw',
      );
      const [batch, channels, height, width] = activations.shape;
      const scores = new Float32Array(batch * model.classes);
      for (let n = 0; n < batch; n++) {
        for (let k = 0; k < model.classes; k++) {
          let sum = model.denseBias[k]!;
          for (let c = 0; c < channels; c++) {
            let pooled = 0;
            const offset = (n * channels + c) * height * width;
            for (let index = 0; index < height * width; index++) pooled += activations.data[offset + index]!;
            sum += (pooled / (height * width)) * model.dense[c * model.classes + k]!;
          }
          scores[n * model.classes + k] = sum;
        }
      }
      return scoresOf(scores, batch);
    };
  }
  return backend;
}
