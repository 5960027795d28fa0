import {
  argMax,
  asyncDisposeSymbol,
  type BackendCapabilities,
  type BackendV1,
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
  LayoutMismatchError,
  resolveTarget,
  type ScoreTensor,
  ShapeMismatchError,
  type SpatialTensor,
  type Target,
  UnknownLayerError,
  validateInput,
  validateTensorData,
} from '@gradcam/core';
import { BackendDisposedError } from '../errors/backend-disposed-error.js';
import { OnnxRuntimeError } from '../errors/onnx-runtime-error.js';
import { reportedShape } from '../graph/tensor-info.js';
import { buildForwardModel } from '../models/forward-model.js';
import { buildGradientModel } from '../models/gradient-model.js';
import { buildHeadModel } from '../models/head-model.js';
import { buildInputGradientModel } from '../models/input-gradient-model.js';
import { layerBiases } from '../models/layer-biases.js';
import type { ComputedTensor, ProbedModel } from '../models/probed-model.js';
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
export class OnnxBackend implements BackendV1 {
  /** Always `'v1'`. */
  readonly specificationVersion = 'v1' as const;
  /** `'onnxruntime-node'`, `'onnxruntime-web'`, or the name given. */
  readonly name: string;
  /** The model's input: name, `[N, C, H, W]` shape (`null` for a free batch axis) and `'nchw'` layout. */
  readonly input: InputSpec;
  /** Number of classes scored. */
  readonly numClasses: number;
  /** Gradients (at a layer and at the input), forward and head sub-model; `maxBatchSize` when the model fixes its batch size. */
  readonly capabilities: BackendCapabilities;
  /** Facts about how the model is explained (a skipped softmax, float16 computation). */
  readonly notes: readonly string[];

  private readonly setup: OnnxBackendSetup;
  private readonly tracker: TensorTracker;
  private readonly compiled = new Map<string, Promise<Compiled<unknown>>>();
  private readonly layers: readonly ComputedTensor[];
  private disposed = false;

  constructor(setup: OnnxBackendSetup) {
    this.setup = setup;
    this.name = setup.name;
    this.numClasses = setup.numClasses;
    this.notes = setup.notes;
    this.tracker = new TensorTracker(setup.ort);
    const { probed } = setup;
    const inputName = probed.graph.input.name!;
    const shape = reportedShape(probed.info(inputName)!);
    this.input = {
      name: inputName,
      shape: shape as [number | null, number | null, number | null, number | null],
      layout: 'nchw',
    };
    this.capabilities = {
      gradients: true,
      forward: true,
      headFromActivations: true,
      inputGradients: true,
      layerBiases: true,
      ...(probed.probe.dynamicBatch ? {} : { maxBatchSize: probed.probe.inputShape[0]! }),
    };
    this.layers = probed.computed;
  }

  /** The float tensors computed from the input with 4-D shapes, in execution order. */
  async listLayers(): Promise<readonly LayerInfo[]> {
    this.ensureOpen();
    return this.layers
      .filter((tensor) => tensor.info.shape.length === 4)
      .map((tensor) => ({
        name: tensor.name,
        kind: tensor.node.opType ?? '?',
        outputShape: reportedShape(tensor.info),
        layout: 'nchw' as const,
      }));
  }

  /** Scores, activations of the layer and the gradient of the target score, in one run. */
  async forwardWithGradient(request: GradientRequest): Promise<GradientResult> {
    this.ensureOpen();
    validateInput(this, request.input);
    const layer = this.spatialLayer(request.layer);
    const { session, spec } = await this.compile(`gradient:${layer.name}`, () =>
      buildGradientModel(this.setup.probed, layer.name, this.setup.score),
    );
    const { feeds, classIndicesOf } = this.targetFeeds(request.input, request.target, spec.feeds);
    const [scores, activations, gradients] = await this.run(session, feeds, [
      spec.fetches.scores,
      spec.fetches.activations,
      spec.fetches.gradients,
    ]);
    return {
      scores: { data: scores!.data, shape: [request.input.shape[0], this.numClasses] },
      activations: spatial(activations!),
      gradients: spatial(gradients!),
      classIndices: classIndicesOf(scores!.data),
    };
  }

  /**
   * Scores and the gradient of the target score with respect to the input (guided through every `Relu` with
   * `request.guided`), in one run of a model with the backward pass extended to the graph input.
   */
  async forwardWithInputGradient(request: InputGradientRequest): Promise<InputGradientResult> {
    this.ensureOpen();
    validateInput(this, request.input);
    const guided = request.guided === true;
    const { session, spec } = await this.compile(`input-gradient:${guided ? 'guided' : 'exact'}`, () =>
      buildInputGradientModel(this.setup.probed, this.setup.score, guided),
    );
    const { feeds, classIndicesOf } = this.targetFeeds(request.input, request.target, spec.feeds);
    const [scores, gradients] = await this.run(session, feeds, [spec.fetches.scores, spec.fetches.gradients]);
    return {
      scores: { data: scores!.data, shape: [request.input.shape[0], this.numClasses] },
      gradients: spatial(gradients!),
      classIndices: classIndicesOf(scores!.data),
    };
  }

  /**
   * The feeds of a gradient model for an input and a target (the target weights, or the in-graph top-1 switch),
   * and how to read the explained classes from the scores. Rejects a bad class index before anything runs.
   */
  private targetFeeds(
    input: SpatialTensor,
    target: Target,
    names: { readonly input: string; readonly weights: string; readonly top: string },
  ): { feeds: Record<string, OrtTensor>; classIndicesOf: (scores: Float32Array) => (number | null)[] } {
    const batch = input.shape[0];
    const classes = this.numClasses;
    const top = target.kind === 'top';
    const resolved = top
      ? undefined
      : resolveTarget(target, { data: new Float32Array(batch * classes), shape: [batch, classes] });
    const feeds = {
      [names.input]: this.tracker.float32(input.data, input.shape),
      [names.weights]: this.tracker.float32(resolved?.weights ?? new Float32Array(batch * classes), [
        batch,
        classes,
      ]),
      [names.top]: this.tracker.float32(new Float32Array([top ? 1 : 0]), [1]),
    };
    const classIndicesOf = (scores: Float32Array) =>
      resolved
        ? [...resolved.classIndices]
        : Array.from({ length: batch }, (_, sample) => argMax(scores, sample * classes, classes));
    return { feeds, classIndicesOf };
  }

  /**
   * The outputs of `Conv` nodes with a constant bias and of `BatchNormalization` nodes (bias folded), in
   * execution order, for FullGrad.
   */
  async layerBiases(): Promise<readonly LayerBias[]> {
    this.ensureOpen();
    return layerBiases(this.setup.probed);
  }

  /** Scores and, optionally, the activations of some layers, without gradients. */
  async forward(request: ForwardRequest): Promise<ForwardResult> {
    this.ensureOpen();
    validateInput(this, request.input);
    const requested = request.layers ?? [];
    const tensors = requested.map((name) => this.spatialLayer(name).name);
    const key = [...new Set(tensors)].sort();
    const { session, spec } = await this.compile(`forward:${JSON.stringify(key)}`, () =>
      buildForwardModel(this.setup.probed, this.setup.score, key),
    );
    const fetches = [spec.scores, ...key.map((name) => spec.layers.get(name)!)];
    const feeds = { [spec.input]: this.tracker.float32(request.input.data, request.input.shape) };
    const [scores, ...layers] = await this.run(session, feeds, fetches);
    const byTensor = new Map(key.map((name, index) => [name, layers[index]!]));
    const activations: Record<string, SpatialTensor> = {};
    const handedOut = new Set<string>();
    requested.forEach((name, index) => {
      const tensor = tensors[index]!;
      const fetched = byTensor.get(tensor)!;
      // Each requested name gets its own buffer, even when two names denote one tensor.
      activations[name] = spatial(
        handedOut.has(tensor) ? { ...fetched, data: fetched.data.slice() } : fetched,
      );
      handedOut.add(tensor);
    });
    return {
      scores: { data: scores!.data, shape: [request.input.shape[0], this.numClasses] },
      activations,
    };
  }

  /** The scores the rest of the model computes from given activations of a layer. */
  async headFromActivations(request: HeadRequest): Promise<ScoreTensor> {
    this.ensureOpen();
    const layer = this.spatialLayer(request.layer);
    const { activations } = request;
    if (activations.layout !== 'nchw') throw new LayoutMismatchError('nchw', activations.layout);
    const expected = reportedShape(layer.info);
    const shape = activations.shape;
    if (
      shape.length !== 4 ||
      expected.some((size, axis) => size !== null && size !== shape[axis]) ||
      shape.some((size) => !Number.isInteger(size) || size <= 0)
    ) {
      throw new ShapeMismatchError(
        `Activations of "${layer.name}" have shape [${expected.map((size) => size ?? '?').join(', ')}] (nchw), got [${shape.join(', ')}].`,
        { expected, actual: shape },
      );
    }
    validateTensorData(activations, 'activations');
    const { session, spec } = await this.compile(`head:${layer.name}`, () =>
      buildHeadModel(this.setup.probed, layer.name, this.setup.score, this.name),
    );
    const feeds = { [spec.input]: this.tracker.float32(activations.data, shape) };
    const [scores] = await this.run(session, feeds, [spec.scores]);
    return { data: scores!.data, shape: [shape[0], this.numClasses] };
  }

  /** ONNX Runtime tensors this backend created or received and has not disposed yet. */
  countLiveTensors(): number {
    return this.tracker.count;
  }

  /** The same as {@link OnnxBackend.dispose}, for `await using backend = await createOnnxBackend(...)`. */
  [asyncDisposeSymbol](): Promise<void> {
    return this.dispose();
  }

  /** Releases every session. Later calls reject with `BackendDisposedError`. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const pending = [...this.compiled.values()];
    this.compiled.clear();
    await Promise.all(
      pending.map((promise) =>
        promise.then(
          (compiled) => compiled.session.release(),
          () => undefined,
        ),
      ),
    );
  }

  /** The computed tensor a layer name denotes: a tensor name, or a node name (its first float output). */
  private layerTensor(name: string): ComputedTensor {
    const byTensor = this.layers.find((tensor) => tensor.name === name);
    if (byTensor) return byTensor;
    const byNode = this.layers.find((tensor) => tensor.node.name === name);
    if (byNode) return byNode;
    const available = this.layers
      .filter((tensor) => tensor.info.shape.length === 4)
      .map((tensor) => tensor.name);
    throw new UnknownLayerError(
      name,
      available.length > 0 ? available : this.layers.map((tensor) => tensor.name),
    );
  }

  private spatialLayer(name: string): ComputedTensor {
    const layer = this.layerTensor(name);
    if (layer.info.shape.length !== 4) {
      throw new ShapeMismatchError(
        `Layer "${name}" has a ${layer.info.shape.length}-D output [${reportedShape(layer.info)
          .map((size) => size ?? '?')
          .join(', ')}]; CAM methods need a 4-D (N, C, H, W) layer. See listLayers().`,
        { expected: [null, null, null, null], actual: layer.info.shape },
      );
    }
    return layer;
  }

  private compile<T extends { readonly model: ModelProto }>(
    key: string,
    build: () => T,
  ): Promise<Compiled<T>> {
    let pending = this.compiled.get(key) as Promise<Compiled<T>> | undefined;
    if (!pending) {
      pending = (async () => {
        const spec = build();
        let created: Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;
        try {
          created = await this.setup.ort.InferenceSession.create(
            writeModel(spec.model),
            this.setup.sessionOptions,
          );
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
      this.compiled.set(key, pending);
    }
    return pending;
  }

  private async run(
    session: SerialSession,
    feeds: Record<string, OrtTensor>,
    fetches: readonly string[],
  ): Promise<{ data: Float32Array; dims: readonly number[] }[]> {
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
      this.tracker.dispose(Object.values(feeds));
    }
    const received = Object.values(results);
    this.tracker.received(received);
    try {
      return fetches.map((name) => {
        const tensor = results[name];
        if (!tensor) throw new OnnxRuntimeError(`ONNX Runtime returned no output "${name}".`);
        return { data: ownedCopy(tensor.data as Float32Array, handedOut), dims: [...tensor.dims] };
      });
    } finally {
      this.tracker.dispose(received);
    }
  }

  private ensureOpen(): void {
    if (this.disposed) throw new BackendDisposedError(this.name);
  }
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

function spatial(fetched: { data: Float32Array; dims: readonly number[] }): SpatialTensor {
  return {
    data: fetched.data,
    shape: fetched.dims as unknown as [number, number, number, number],
    layout: 'nchw',
  };
}
