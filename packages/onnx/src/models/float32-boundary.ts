import { tensorValueInfo } from '../graph/derive-model.js';
import type { GraphBuilder } from '../graph/graph-builder.js';
import { intAttr } from '../proto/attributes.js';
import { DataType } from '../proto/data-type.js';
import { type NodeProto, onnx, type ValueInfoProto } from '../proto/onnx.js';
import type { ProbedModel } from './probed-model.js';

/** A float32 graph input standing for a tensor of the model (cast to its type when it is not float32). */
export interface Float32Input {
  /** The name to feed. */
  readonly feed: string;
  /** The graph input declaration. */
  readonly input: ValueInfoProto;
  /** Nodes to run first (the `Cast`), if any. */
  readonly prologue: readonly NodeProto[];
}

/**
 * Declares a float32 graph input for `tensor`: the tensor itself when it is float32, else a new input cast to
 * the tensor's type, so that callers always feed float32 (a float16 model computes in float16 inside).
 *
 * @param builder - names the new input.
 * @param tensor - the model tensor to feed.
 * @param dataType - its element type.
 * @param shape - its shape (`null` for the batch axis).
 */
export function float32Input(
  builder: GraphBuilder,
  tensor: string,
  dataType: number,
  shape: readonly (number | null)[],
): Float32Input {
  if (dataType === DataType.FLOAT) {
    return { feed: tensor, input: tensorValueInfo(tensor, DataType.FLOAT, shape), prologue: [] };
  }
  const feed = builder.name(`${tensor}:float32`);
  const cast = onnx.NodeProto.create({
    opType: 'Cast',
    name: builder.name(`${tensor}:cast`),
    input: [feed],
    output: [tensor],
    attribute: [intAttr('to', dataType)],
  });
  return { feed, input: tensorValueInfo(feed, DataType.FLOAT, shape), prologue: [cast] };
}

/**
 * A float32 graph output for `tensor`: the tensor itself when it is float32 (no copy), else a `Cast` of it.
 * Returns the output's name and declaration.
 */
export function float32Output(
  builder: GraphBuilder,
  tensor: string,
  hint: string,
): { readonly name: string; readonly output: ValueInfoProto } {
  const info = builder.requireInfo(tensor);
  const name =
    info.dataType === DataType.FLOAT
      ? tensor
      : builder.op('Cast', [tensor], [intAttr('to', DataType.FLOAT)], undefined, hint);
  return { name, output: tensorValueInfo(name, DataType.FLOAT) };
}

/**
 * {@link float32Input} for a tensor of a probed model, with its probed element type and shape (`null` for every
 * axis that varies with the batch).
 *
 * @param probed - the probed model.
 * @param builder - the builder of the model being written.
 * @param tensor - the tensor to take as an input.
 */
export function float32ProbedInput(probed: ProbedModel, builder: GraphBuilder, tensor: string): Float32Input {
  const info = probed.info(tensor)!;
  return float32Input(
    builder,
    tensor,
    info.dataType,
    info.shape.map((size, axis) => (info.dynamic[axis] ? null : size)),
  );
}
