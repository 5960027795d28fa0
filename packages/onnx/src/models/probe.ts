import { InvalidModelError } from '@gradcam/core';
import { deriveModel, untypedValueInfo } from '../graph/derive-model.js';
import { GraphBuilder } from '../graph/graph-builder.js';
import type { ModelGraph } from '../graph/model-graph.js';
import { nodeOutputs } from '../graph/node-inputs.js';
import { shapeDerivedTensors } from '../graph/shape-derived.js';
import type { TensorInfo } from '../graph/tensor-info.js';
import { dataTypeOfOrtName } from '../proto/data-type.js';
import { writeModel } from '../proto/write-model.js';
import type { OrtModule, OrtSessionOptions, OrtTensor } from '../runtime/ort-module.js';
import { float32Input } from './float32-boundary.js';

/** What the probe runs measured. */
export interface ProbeResult {
  /** Element type and shape of every node output (and of the data input). */
  readonly infos: ReadonlyMap<string, TensorInfo>;
  /** The input shape probed at batch size 1 (or the model's fixed batch size). */
  readonly inputShape: readonly number[];
  /** True when the batch axis is free (the model ran at two batch sizes). */
  readonly dynamicBatch: boolean;
  /**
   * Values of the small numeric tensors computed from shapes alone ({@link shapeDerivedTensors}) that do not
   * change with the batch size: the `Slice` bounds and `Reshape` targets exporters compute at run time.
   */
  readonly shapeValues: ReadonlyMap<string, readonly number[]>;
}

/** Largest shape-derived tensor whose values the probe keeps. */
const maxShapeValues = 64;

/** Operators whose outputs are not plain tensors, so they cannot be graph outputs of the probe. */
const nonTensorOperators = new Set([
  'SequenceConstruct',
  'SequenceEmpty',
  'SequenceInsert',
  'SequenceErase',
  'SplitToSequence',
  'Optional',
  'ZipMap',
  'Loop',
  'Scan',
  'If',
]);

/**
 * Measures every intermediate tensor's type and shape by running the model once (twice when the batch axis is
 * free: at batch sizes 1 and 2, to tell batch-dependent axes apart) on zeros, with every node output added as
 * a graph output.
 *
 * @param ort - the runtime.
 * @param graph - the model.
 * @param inputShape - the input's shape, `null` for a free batch axis.
 * @param sessionOptions - the user's session options.
 * @throws {@link InvalidModelError} when the runtime cannot load or run the model.
 */
export async function probe(
  ort: OrtModule,
  graph: ModelGraph,
  inputShape: readonly (number | null)[],
  inputType: number,
  sessionOptions: OrtSessionOptions | undefined,
): Promise<ProbeResult> {
  const builder = new GraphBuilder({ opset: graph.opset, reservedNames: graph.names, info: () => undefined });
  const inputName = graph.input.name!;
  const feed = float32Input(builder, inputName, inputType, inputShape);
  const outputs: string[] = [];
  for (const node of graph.nodes) {
    if ((node.domain && node.domain !== 'ai.onnx') || nonTensorOperators.has(node.opType ?? '')) continue;
    outputs.push(...nodeOutputs(node));
  }
  const model = deriveModel(graph, {
    inputs: [feed.input],
    prologue: feed.prologue,
    outputs: outputs.map(untypedValueInfo),
  });
  let session: Awaited<ReturnType<OrtModule['InferenceSession']['create']>>;
  try {
    session = await ort.InferenceSession.create(writeModel(model), sessionOptions);
  } catch (error) {
    throw new InvalidModelError(`ONNX Runtime could not load the model: ${message(error)}`, { cause: error });
  }
  try {
    const dynamicBatch = inputShape[0] === null;
    const first = inputShape.map((size) => size ?? 1);
    const derived = shapeDerivedTensors(graph);
    const shapesAt1 = await runOnZeros(ort, session, feed.feed, first, true, derived);
    let shapesAt2: Map<string, Measured> | undefined;
    if (dynamicBatch) {
      try {
        shapesAt2 = await runOnZeros(ort, session, feed.feed, [2, ...first.slice(1)], false, derived);
      } catch {
        shapesAt2 = undefined;
      }
    }
    const infos = new Map<string, TensorInfo>();
    const shapeValues = new Map<string, readonly number[]>();
    for (const [name, measured] of shapesAt1) {
      const values = measured.values;
      const other = shapesAt2?.get(name)?.values;
      if (values && (!dynamicBatch || (other && sameValues(values, other)))) shapeValues.set(name, values);
      const dataType = dataTypeOfOrtName(measured.type);
      if (dataType === undefined) continue;
      const otherDims = shapesAt2?.get(name)?.dims;
      infos.set(name, {
        dataType,
        shape: [...measured.dims],
        dynamic: measured.dims.map((size, axis) => otherDims !== undefined && otherDims[axis] !== size),
      });
    }
    const dynamic = shapesAt2 !== undefined;
    infos.set(inputName, {
      dataType: inputType,
      shape: first,
      dynamic: first.map((_, axis) => axis === 0 && dynamic),
    });
    return { infos, inputShape: first, dynamicBatch: dynamic, shapeValues };
  } finally {
    await session.release?.();
  }
}

/** What one probe run measured of a tensor. */
interface Measured {
  readonly type: string;
  readonly dims: readonly number[];
  /** The values, for small numeric tensors computed from shapes alone. */
  readonly values?: readonly number[];
}

const numericTypes = new Set([
  'int64',
  'int32',
  'uint64',
  'uint32',
  'int16',
  'int8',
  'uint16',
  'uint8',
  'float32',
  'float64',
]);

async function runOnZeros(
  ort: OrtModule,
  session: { run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>> },
  feed: string,
  shape: readonly number[],
  wrapErrors: boolean,
  derived: ReadonlySet<string>,
): Promise<Map<string, Measured>> {
  const size = shape.reduce((product, value) => product * value, 1);
  const input = new ort.Tensor('float32', new Float32Array(size), shape);
  let results: Record<string, OrtTensor> = {};
  try {
    results = await session.run({ [feed]: input });
  } catch (error) {
    if (!wrapErrors) throw error;
    throw new InvalidModelError(
      `ONNX Runtime could not run the model on an input of shape [${shape.join(', ')}]: ${message(error)}`,
      { cause: error },
    );
  } finally {
    input.dispose?.();
  }
  const shapes = new Map<string, Measured>();
  for (const [name, tensor] of Object.entries(results)) {
    const small =
      derived.has(name) &&
      numericTypes.has(tensor.type) &&
      tensor.dims.reduce((product, size) => product * size, 1) <= maxShapeValues;
    const values = small ? Array.from(tensor.data as ArrayLike<number | bigint>, Number) : undefined;
    shapes.set(name, { type: tensor.type, dims: [...tensor.dims], ...(values ? { values } : {}) });
    tensor.dispose?.();
  }
  return shapes;
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
