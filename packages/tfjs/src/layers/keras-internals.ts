import type { Tensor } from '../tf-core.js';

/**
 * The parts of `@tensorflow/tfjs-layers` internals the adapter reads, described structurally so that any copy
 * of the package (and its public and protected fields alike) fits. They have been stable across tfjs 2 to 4.
 */

/** A symbolic tensor of the functional graph. */
export interface SymbolicTensorLike {
  /** Unique among all symbolic tensors of the process. */
  readonly id: number;
  /** Static shape, `null` for unknown axes. */
  readonly shape: readonly (number | null)[];
}

/** One call of a layer in the functional graph. */
export interface KerasNodeLike {
  /** The layer called. */
  readonly outboundLayer: KerasLayerLike;
  /** Its inputs. */
  readonly inputTensors: readonly SymbolicTensorLike[];
  /** Its outputs. */
  readonly outputTensors: readonly SymbolicTensorLike[];
  /** Keyword arguments of the call. */
  readonly callArgs?: Record<string, unknown>;
}

/** A layer's activation function object. */
export interface KerasActivationLike {
  /** Applies the activation. */
  apply(x: Tensor, ...rest: unknown[]): Tensor;
  /** Its name, e.g. `'relu'`, `'softmax'`. */
  getClassName(): string;
}

/** A layer weight. */
export interface LayerVariableLike {
  /** The weight's current value. */
  read(): Tensor;
}

/** A layer (the fields read are those of the layer classes that have them). */
export interface KerasLayerLike {
  /** Unique within its model. */
  readonly name: string;
  /** The layer's class, e.g. `'Conv2D'`. */
  getClassName(): string;
  /** Runs the layer on concrete tensors. */
  call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor | Tensor[];
  /** Activation of layers that have one (convolutions, dense, `Activation`). */
  activation?: KerasActivationLike;
  /** Convolution or dense kernel. */
  readonly kernel?: LayerVariableLike;
  /** Convolution or dense bias. */
  readonly bias?: LayerVariableLike | null;
  /** `'channelsLast'` or `'channelsFirst'`. */
  readonly dataFormat?: string;
  /** Convolution strides. */
  readonly strides?: number | readonly number[];
  /** `'same'`, `'valid'` or `'causal'`. */
  readonly padding?: string;
  /** Convolution dilations. */
  readonly dilationRate?: number | readonly number[];
  /** Number of spatial axes of a convolution. */
  readonly rank?: number;
}

/** A model (functional `LayersModel`, `Sequential`) used as a graph or nested as a layer. */
export interface KerasContainerLike extends KerasLayerLike {
  /** Its input tensors. */
  readonly inputs: readonly SymbolicTensorLike[];
  /** Its output tensors. */
  readonly outputs: readonly SymbolicTensorLike[];
  /** Its layer calls, by depth (0 at the outputs). */
  readonly nodesByDepth: Record<string, readonly KerasNodeLike[]>;
  /** Its layers. */
  readonly layers: readonly KerasLayerLike[];
  /** Builds a `Sequential` model's graph. */
  build?(): void;
}

/** True when `layer` is itself a model (nested models are flattened into the outer graph). */
export function isContainer(layer: unknown): layer is KerasContainerLike {
  if (typeof layer !== 'object' || layer === null) return false;
  const candidate = layer as Record<string, unknown>;
  return (
    Array.isArray(candidate.inputs) &&
    Array.isArray(candidate.outputs) &&
    Array.isArray(candidate.layers) &&
    typeof candidate.nodesByDepth === 'object' &&
    candidate.nodesByDepth !== null
  );
}

/**
 * The container's nodes in execution order (deepest first, as tfjs-layers' own `runInternalGraph` runs them).
 * Builds an unbuilt `Sequential` first.
 */
export function nodesInExecutionOrder(container: KerasContainerLike): KerasNodeLike[] {
  if (Object.keys(container.nodesByDepth).length === 0 && typeof container.build === 'function') {
    container.build();
  }
  return Object.keys(container.nodesByDepth)
    .map((depth) => Number.parseInt(depth, 10))
    .sort((a, b) => b - a)
    .flatMap((depth) => container.nodesByDepth[String(depth)] ?? []);
}
