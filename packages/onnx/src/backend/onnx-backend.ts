import {
  argMax,
  asyncDisposeSymbol,
  type BackendCapabilities,
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
  type InputSpec,
  type LayerBias,
  type LayerInfo,
  type LayerTensor,
  requireSpatialLayer,
  resolveFixedTarget,
  type ScoreTensor,
  ShapeMismatchError,
  type SpatialTensor,
  type Target,
  validateInput,
  validateLayerActivations,
} from '@gradcam/core';
import { OnnxRuntimeError } from '../errors/onnx-runtime-error.js';
import { reportedShape } from '../graph/tensor-info.js';
import { buildForwardModel } from '../models/forward-model.js';
import { buildGradientModel } from '../models/gradient-model.js';
import { buildHeadModel, type HeadModel } from '../models/head-model.js';
import { buildInputGradientModel } from '../models/input-gradient-model.js';
import { layerBiases } from '../models/layer-biases.js';
import type { ComputedTensor, ProbedModel } from '../models/probed-model.js';
import { buildSubstitutionModel } from '../models/substitution-model.js';
import type { ModelProto } from '../proto/onnx.js';
import { writeModel } from '../proto/write-model.js';
import type { OrtModule, OrtSessionOptions, OrtTensor } from '../runtime/ort-module.js';
import { SerialSession } from '../runtime/serial-session.js';
import { TensorTracker } from '../runtime/tensor-tracker.js';

/** What the backend was built from (see {@link createOnnxBackend}). */
export interface OnnxBackendSetup {
  /** The runtime module. */
  readonly ort: OrtModule;
  /** The backend's name. */
  readonly name: string;
  /** The validated model with its tensors' types and shapes. */
  readonly probed: ProbedModel;
  /** The score tensor. */
  readonly score: string;
  /** Number of classes (the score tensor's size per sample). */
  readonly numClasses: number;
  /** The backend's notes. */
  readonly notes: readonly string[];
  /** The user's session options. */
  readonly sessionOptions: OrtSessionOptions | undefined;
}

/** A computed tensor as a layer: its {@link LayerInfo} and where it is in the graph. */
interface OnnxLayer extends LayerInfo {
  readonly layout: 'nchw' | 'ntc';
  readonly tensor: ComputedTensor;
}

/** A generated model loaded in a session, with the names to feed and fetch. */
interface Compiled<T> {
  readonly session: SerialSession;
  readonly spec: T;
}

/**
 * The `@gradcam/core` Backend (spec v1) over an ONNX model and an ONNX Runtime module. Build it with
 * {@link createOnnxBackend}.
 *
 * Each gradient call is one `session.run` of an augmented model (built and cached per layer) that returns the
 * scores, the layer's activations and the exact gradient of the target score with respect to them.
 */
export interface OnnxBackend extends BackendV1 {
  /** `'onnxruntime-node'`, `'onnxruntime-web'`, or the name given. */
  readonly name: string;
  /** The model's input: name, `[N, C, H, W]` shape (`null` for a free batch axis) and `'nchw'` layout. */
  readonly input: InputSpec;
  /** Number of classes scored. */
  readonly numClasses: number;
  /**
   * Gradients (at a layer and at the input), forward, head sub-model and layer biases; `maxBatchSize` when the
   * model fixes its batch size.
   */
  readonly capabilities: BackendCapabilities;
  /** Facts about how the model is explained (a skipped softmax, float16 computation). */
  readonly notes: readonly string[];
  /**
   * The float tensors computed from the input with 4-D shapes (`'nchw'`) and the token layers (`'ntc'`: 3-D
   * `[batch, tokens, channels]` with the batch axis first, a transformer's tokens), in execution order.
   */
  listLayers(): Promise<readonly LayerInfo[]>;
  /** Scores, activations of the layer and the gradient of the target score, in one run. */
  forwardWithGradient(request: GradientRequest): Promise<GradientResult>;
  /**
   * Scores and the gradient of the target score with respect to the input (guided through every `Relu` with
   * `request.guided`), in one run of a model with the backward pass extended to the graph input.
   */
  forwardWithInputGradient(request: InputGradientRequest): Promise<InputGradientResult>;
  /**
   * The outputs of `Conv` nodes with a constant bias and of `BatchNormalization` nodes (bias folded), in
   * execution order, for FullGrad.
   */
  layerBiases(): Promise<readonly LayerBias[]>;
  /** Scores and, optionally, the activations of some layers, without gradients. */
  forward(request: ForwardRequest): Promise<ForwardResult>;
  /** The scores the rest of the model computes from given activations of a layer. */
  headFromActivations(request: HeadRequest): Promise<ScoreTensor>;
  /** ONNX Runtime tensors this backend created or received and has not disposed yet. */
  countLiveTensors(): number;
  /** Releases every session. Later calls reject with `BackendDisposedError`. */
  dispose(): Promise<void>;
  /** The same as {@link OnnxBackend.dispose}, for `await using backend = await createOnnxBackend(...)`. */
  [asyncDisposeSymbol](): Promise<void>;
}

/** The {@link OnnxBackend} of a probed model (see {@link createOnnxBackend}). */
export function onnxBackend(setup: OnnxBackendSetup): OnnxBackend {
  const { probed } = setup;
  const tracker = new TensorTracker(setup.ort);
  const compiled = new Map<string, Promise<Compiled<unknown>>>();
  const guard = new DisposedGuard(() => setup.name, 'createOnnxBackend()');
  /**
   * A token layer: 3-D, the batch axis first (it follows the batch size, or equals the model's fixed batch size),
   * no other axis following it, more than one token.
   */
  const isTokens = ({ info }: ComputedTensor): boolean =>
    info.shape.length === 3 &&
    info.shape[0] === probed.probe.inputShape[0] &&
    (info.dynamic[0] || !probed.probe.dynamicBatch) &&
    !info.dynamic[1] &&
    !info.dynamic[2] &&
    info.shape[1]! > 1;
  // Every float tensor computed from the input, in execution order.
  const layers: readonly OnnxLayer[] = probed.computed.map((tensor) => ({
    name: tensor.name,
    kind: tensor.node.opType ?? '?',
    outputShape: reportedShape(tensor.info),
    layout: isTokens(tensor) ? ('ntc' as const) : ('nchw' as const),
    tensor,
  }));
  const inputName = probed.graph.input.name!;

  /**
   * The layer a name denotes (a tensor name, or a node name: its first float output), checked to be 4-D or a
   * token layer.
   */
  const spatialLayer = (name: string): OnnxLayer => {
    const found =
      layers.find((layer) => layer.name === name) ?? layers.find((layer) => layer.tensor.node.name === name);
    return requireSpatialLayer(name, found, layers);
  };

  /** The session of a generated model, built once per key and kept until `dispose()`. */
  const compile = <T extends { readonly model: ModelProto }>(
    key: string,
    build: () => T,
  ): Promise<Compiled<T>> => {
    let pending = compiled.get(key) as Promise<Compiled<T>> | undefined;
    if (!pending) {
      pending = (async () => {
        const spec = build();
        let created: Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;
        try {
          created = await setup.ort.InferenceSession.create(writeModel(spec.model), setup.sessionOptions);
        } catch (error) {
          throw new OnnxRuntimeError(
            `ONNX Runtime rejected the generated ${key.split(':')[0]} model (${key.slice(key.indexOf(':') + 1)}): ${
              error instanceof Error ? error.message : String(error)
            }`,
            { cause: error },
          );
        }
        return { session: new SerialSession(created), spec };
      })();
      compiled.set(key, pending);
    }
    return pending;
  };

  /**
   * Runs a session and returns the fetched outputs in arrays the caller owns; every ONNX Runtime tensor fed or
   * received is disposed, also on error.
   */
  const run = async (
    session: SerialSession,
    feeds: Record<string, OrtTensor>,
    fetches: readonly string[],
  ): Promise<{ data: Float32Array; dims: readonly number[] }[]> => {
    const handedOut = new Set<ArrayBufferLike | undefined>(
      Object.values(feeds).map((tensor) => bufferOf(tensor.data)),
    );
    let results: Record<string, OrtTensor>;
    try {
      results = await session.run(feeds);
    } catch (error) {
      throw new OnnxRuntimeError(
        `ONNX Runtime failed to run the model: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    } finally {
      tracker.dispose(Object.values(feeds));
    }
    const received = Object.values(results);
    tracker.received(received);
    try {
      return fetches.map((name) => {
        const tensor = results[name];
        if (!tensor) throw new OnnxRuntimeError(`ONNX Runtime returned no output "${name}".`);
        return { data: ownedCopy(tensor.data as Float32Array, handedOut), dims: [...tensor.dims] };
      });
    } finally {
      tracker.dispose(received);
    }
  };

  /**
   * The feeds of a gradient model for an input and a target (the target weights, or the in-graph top-1 switch),
   * and how to read the explained classes from the scores. Rejects a bad class index before anything runs.
   */
  const targetFeeds = (
    input: SpatialTensor,
    target: Target,
    names: { readonly input: string; readonly weights: string; readonly top: string },
  ) => {
    const batch = input.shape[0];
    const classes = setup.numClasses;
    const top = target.kind === 'top';
    const resolved = target.kind === 'top' ? undefined : resolveFixedTarget(target, batch, classes);
    const feeds = {
      [names.input]: tracker.float32(input.data, input.shape),
      [names.weights]: tracker.float32(resolved?.weights ?? new Float32Array(batch * classes), [
        batch,
        classes,
      ]),
      [names.top]: tracker.float32(new Float32Array([top ? 1 : 0]), [1]),
    };
    const classIndicesOf = (scores: Float32Array): (number | null)[] =>
      resolved
        ? [...resolved.classIndices]
        : Array.from({ length: batch }, (_, sample) => argMax(scores, sample * classes, classes));
    return { feeds, classIndicesOf };
  };

  const backend: OnnxBackend = {
    specificationVersion: 'v1',
    name: setup.name,
    input: {
      name: inputName,
      shape: reportedShape(probed.info(inputName)!) as [
        number | null,
        number | null,
        number | null,
        number | null,
      ],
      layout: 'nchw',
    },
    numClasses: setup.numClasses,
    capabilities: {
      gradients: true,
      forward: true,
      headFromActivations: true,
      inputGradients: true,
      layerBiases: true,
      ...(probed.probe.dynamicBatch ? {} : { maxBatchSize: probed.probe.inputShape[0]! }),
    },
    notes: setup.notes,

    async listLayers(): Promise<readonly LayerInfo[]> {
      guard.ensureOpen();
      return layers
        .filter((layer) => layer.outputShape.length === 4 || layer.layout === 'ntc')
        .map(({ name, kind, outputShape, layout }) => ({ name, kind, outputShape, layout }));
    },

    async forwardWithGradient(request: GradientRequest): Promise<GradientResult> {
      guard.ensureOpen();
      validateInput(backend, request.input);
      const layer = spatialLayer(request.layer);
      const { session, spec } = await compile(`gradient:${layer.name}`, () =>
        buildGradientModel(setup.probed, layer.name, setup.score),
      );
      const { feeds, classIndicesOf } = targetFeeds(request.input, request.target, spec.feeds);
      const [scores, activations, gradients] = await run(session, feeds, [
        spec.fetches.scores,
        spec.fetches.activations,
        spec.fetches.gradients,
      ]);
      return {
        scores: { data: scores!.data, shape: [request.input.shape[0], setup.numClasses] },
        activations: layerTensor(activations!),
        gradients: layerTensor(gradients!),
        classIndices: classIndicesOf(scores!.data),
      };
    },

    async forwardWithInputGradient(request: InputGradientRequest): Promise<InputGradientResult> {
      guard.ensureOpen();
      validateInput(backend, request.input);
      const guided = request.guided === true;
      const { session, spec } = await compile(`input-gradient:${guided ? 'guided' : 'exact'}`, () =>
        buildInputGradientModel(setup.probed, setup.score, guided),
      );
      const { feeds, classIndicesOf } = targetFeeds(request.input, request.target, spec.feeds);
      const [scores, gradients] = await run(session, feeds, [spec.fetches.scores, spec.fetches.gradients]);
      return {
        scores: { data: scores!.data, shape: [request.input.shape[0], setup.numClasses] },
        gradients: {
          data: gradients!.data,
          shape: gradients!.dims as unknown as [number, number, number, number],
          layout: 'nchw',
        },
        classIndices: classIndicesOf(scores!.data),
      };
    },

    async layerBiases(): Promise<readonly LayerBias[]> {
      guard.ensureOpen();
      return layerBiases(probed);
    },

    async forward(request: ForwardRequest): Promise<ForwardResult> {
      guard.ensureOpen();
      validateInput(backend, request.input);
      const requested = request.layers ?? [];
      const tensors = requested.map((name) => spatialLayer(name).name);
      const key = [...new Set(tensors)].sort();
      const { session, spec } = await compile(`forward:${JSON.stringify(key)}`, () =>
        buildForwardModel(setup.probed, setup.score, key),
      );
      const fetches = [spec.scores, ...key.map((name) => spec.layers.get(name)!)];
      const feeds = { [spec.input]: tracker.float32(request.input.data, request.input.shape) };
      const [scores, ...outputs] = await run(session, feeds, fetches);
      const byTensor = new Map(key.map((name, index) => [name, outputs[index]!]));
      const activations: Record<string, LayerTensor> = {};
      const handedOut = new Set<string>();
      requested.forEach((name, index) => {
        const tensor = tensors[index]!;
        const fetched = byTensor.get(tensor)!;
        // Each requested name gets its own buffer, even when two names denote one tensor.
        activations[name] = layerTensor(
          handedOut.has(tensor) ? { ...fetched, data: fetched.data.slice() } : fetched,
        );
        handedOut.add(tensor);
      });
      return {
        scores: { data: scores!.data, shape: [request.input.shape[0], setup.numClasses] },
        activations,
      };
    },

    async headFromActivations(request: HeadRequest): Promise<ScoreTensor> {
      guard.ensureOpen();
      const layer = spatialLayer(request.layer);
      const activations = validateLayerActivations(layer, request.activations);
      const shape: readonly number[] = activations.shape;
      let head: Compiled<HeadModel>;
      try {
        head = await compile(`head:${layer.name}`, () =>
          buildHeadModel(setup.probed, layer.name, setup.score, setup.name),
        );
      } catch (error) {
        // The rest of the model also reads tensors that bypass the layer (a residual): run the whole model on
        // the input with the layer's output replaced, when the caller gave the input.
        if (!request.input || !CapabilityNotSupportedError.isInstance(error)) throw error;
        const { input } = request;
        validateInput(backend, input);
        if (input.shape[0] !== shape[0]) {
          throw new ShapeMismatchError(
            `headFromActivations got ${shape[0]} rows of activations but an input batch of ${input.shape[0]}.`,
            { expected: [shape[0]!, ...input.shape.slice(1)], actual: [...input.shape] },
          );
        }
        const { session, spec } = await compile(`substitute:${layer.name}`, () =>
          buildSubstitutionModel(setup.probed, layer.name, setup.score),
        );
        const feeds = {
          [spec.input]: tracker.float32(input.data, input.shape),
          [spec.activations]: tracker.float32(activations.data, shape),
        };
        const [scores] = await run(session, feeds, [spec.scores]);
        return { data: scores!.data, shape: [shape[0]!, setup.numClasses] };
      }
      const feeds = { [head.spec.input]: tracker.float32(activations.data, shape) };
      const [scores] = await run(head.session, feeds, [head.spec.scores]);
      return { data: scores!.data, shape: [shape[0]!, setup.numClasses] };
    },

    async dispose(): Promise<void> {
      if (!guard.close()) return;
      const pending = [...compiled.values()];
      compiled.clear();
      await Promise.all(
        pending.map((promise) =>
          promise.then(
            (compiled) => compiled.session.release(),
            () => undefined,
          ),
        ),
      );
    },

    countLiveTensors: () => tracker.count,

    [asyncDisposeSymbol]() {
      return backend.dispose();
    },
  };
  return backend;
}

function bufferOf(data: unknown): ArrayBufferLike | undefined {
  return ArrayBuffer.isView(data) ? data.buffer : undefined;
}

/**
 * The output's values in a Float32Array the caller owns. ONNX Runtime (node and web) returns each CPU output in
 * a fresh ArrayBuffer of its own: such an array is handed out as is (copying 100 KB costs as much as running a
 * small model). Anything else (a view into a larger or shared buffer, a buffer already handed out or fed in, a
 * non-float32 array) is copied.
 */
function ownedCopy(data: Float32Array, handedOut: Set<ArrayBufferLike | undefined>): Float32Array {
  const buffer = data.buffer;
  const own =
    data instanceof Float32Array &&
    buffer instanceof ArrayBuffer &&
    data.byteOffset === 0 &&
    data.byteLength === buffer.byteLength &&
    !handedOut.has(buffer);
  handedOut.add(buffer);
  return own ? data : new Float32Array(data);
}

function layerTensor(fetched: { data: Float32Array; dims: readonly number[] }): LayerTensor {
  if (fetched.dims.length === 3) {
    return { data: fetched.data, shape: fetched.dims as unknown as [number, number, number], layout: 'ntc' };
  }
  return {
    data: fetched.data,
    shape: fetched.dims as unknown as [number, number, number, number],
    layout: 'nchw',
  };
}
