import { floatAttr, intAttr, intsAttr } from '../proto/attributes.js';
import { DataType } from '../proto/data-type.js';
import { type AttributeProto, type NodeProto, onnx, type TensorProto } from '../proto/onnx.js';
import { makeTensor } from '../proto/tensor-proto.js';
import type { TensorInfo } from './tensor-info.js';

/** Options of a {@link GraphBuilder}. */
export interface GraphBuilderOptions {
  /** The model's default-domain opset: every node is emitted in that version's form. */
  readonly opset: number;
  /** Names already taken in the graph (tensors and nodes). */
  readonly reservedNames: ReadonlySet<string>;
  /** What is known of the graph's existing tensors. */
  readonly info: (name: string) => TensorInfo | undefined;
  /** Prefix of generated names. @default 'gradcam/' */
  readonly prefix?: string;
}

/**
 * Emits ONNX nodes and constants into a list, in the form the model's opset expects (axes as attributes or as
 * inputs, `Expand` or `Tile`, ...), with unique names. The backward rules and the model generators write
 * through it.
 */
export class GraphBuilder {
  /** The nodes emitted so far, in emission (topological) order. */
  readonly nodes: NodeProto[] = [];
  /** The constants emitted so far. */
  readonly initializers: TensorProto[] = [];
  /** The default-domain opset. */
  readonly opset: number;
  private readonly infos = new Map<string, TensorInfo>();
  private readonly taken: Set<string>;
  private readonly constantCache = new Map<string, string>();
  private readonly shapeCache = new Map<string, string>();
  private readonly prefix: string;
  private readonly graphInfo: (name: string) => TensorInfo | undefined;
  private counter = 0;

  constructor(options: GraphBuilderOptions) {
    this.opset = options.opset;
    this.taken = new Set(options.reservedNames);
    this.prefix = options.prefix ?? 'gradcam/';
    this.graphInfo = options.info;
  }

  /** A fresh name from a hint, unique in the graph. */
  name(hint: string): string {
    let name = `${this.prefix}${hint}`;
    while (this.taken.has(name)) name = `${this.prefix}${hint}_${++this.counter}`;
    this.taken.add(name);
    return name;
  }

  /** What is known of a tensor (graph tensors and tensors emitted with an info). */
  info(name: string): TensorInfo | undefined {
    return this.infos.get(name) ?? this.graphInfo(name);
  }

  /** Like {@link GraphBuilder.info}, but throws when nothing is known (a bug in a generator). */
  requireInfo(name: string): TensorInfo {
    const info = this.info(name);
    if (!info) throw new Error(`Internal error: no shape information for tensor "${name}".`);
    return info;
  }

  /** Records what is known of an emitted tensor. */
  setInfo(name: string, info: TensorInfo): void {
    this.infos.set(name, info);
  }

  /** Emits a node with `outputs` fresh outputs and returns their names. */
  node(
    opType: string,
    inputs: readonly string[],
    attributes: readonly AttributeProto[] = [],
    outputs = 1,
    hint = opType,
  ): string[] {
    const names = Array.from({ length: outputs }, () => this.name(hint));
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        name: names[0],
        input: [...inputs],
        output: names,
        attribute: [...attributes],
      }),
    );
    return names;
  }

  /** Emits a node with exactly the given output names (used to bind generated tensors to fixed names). */
  nodeWithOutputs(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: readonly AttributeProto[] = [],
  ): void {
    for (const output of outputs) this.taken.add(output);
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        name: this.name(`${opType}_${outputs[0] ?? ''}`),
        input: [...inputs],
        output: [...outputs],
        attribute: [...attributes],
      }),
    );
  }

  /** Emits a single-output node; records `info` for its output when given. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: readonly AttributeProto[] = [],
    info?: TensorInfo,
    hint = opType,
  ): string {
    const [output] = this.node(opType, inputs, attributes, 1, hint);
    if (info) this.setInfo(output!, info);
    return output!;
  }

  /** A constant tensor (an initializer); small constants are shared. */
  constant(values: ArrayLike<number>, dims: readonly number[], dataType: number, hint = 'const'): string {
    const key = values.length <= 64 ? `${dataType}|${dims.join(',')}|${Array.from(values).join(',')}` : '';
    if (key) {
      const cached = this.constantCache.get(key);
      if (cached) return cached;
    }
    const name = this.name(hint);
    this.initializers.push(makeTensor(name, dataType, dims, values));
    this.setInfo(name, { dataType, shape: [...dims], dynamic: dims.map(() => false) });
    if (key) this.constantCache.set(key, name);
    return name;
  }

  /** A scalar constant of the given element type. */
  scalar(value: number, dataType: number): string {
    return this.constant([value], [], dataType, 'scalar');
  }

  /** A 1-D int64 constant. */
  int64s(values: readonly number[]): string {
    return this.constant(values, [values.length], DataType.INT64, 'ints');
  }

  /** `Shape(x)`, emitted once per tensor. */
  shape(x: string): string {
    let shape = this.shapeCache.get(x);
    if (!shape) {
      shape = this.op('Shape', [x]);
      this.shapeCache.set(x, shape);
    }
    return shape;
  }

  /** `Reshape(x, shape)`. */
  reshape(x: string, shape: string): string {
    return this.op('Reshape', [x, shape]);
  }

  /** `Reshape(x, dims)` with a constant shape (`0` copies the input's size on that axis, `-1` infers one). */
  reshapeTo(x: string, dims: readonly number[]): string {
    return this.reshape(x, this.int64s(dims));
  }

  /** `Reshape(x, Shape(like))`. */
  reshapeLike(x: string, like: string): string {
    return this.reshape(x, this.shape(like));
  }

  /** `Cast(x, to)`; returns `x` itself when it already has that type. */
  cast(x: string, to: number): string {
    if (this.info(x)?.dataType === to) return x;
    const info = this.info(x);
    return this.op('Cast', [x], [intAttr('to', to)], info ? { ...info, dataType: to } : undefined);
  }

  /** `ReduceSum(x, axes, keepdims)`; `x` itself when `axes` is empty. */
  reduceSum(x: string, axes: readonly number[], keepdims: boolean): string {
    if (axes.length === 0) return x;
    const keep = intAttr('keepdims', keepdims ? 1 : 0);
    if (this.opset >= 13) return this.op('ReduceSum', [x, this.int64s(axes)], [keep]);
    return this.op('ReduceSum', [x], [intsAttr('axes', axes), keep]);
  }

  /** `ReduceMean(x, axes, keepdims)` (axes as an input from opset 18); `x` itself when `axes` is empty. */
  reduceMean(x: string, axes: readonly number[], keepdims: boolean): string {
    if (axes.length === 0) return x;
    const keep = intAttr('keepdims', keepdims ? 1 : 0);
    if (this.opset >= 18) return this.op('ReduceMean', [x, this.int64s(axes)], [keep]);
    return this.op('ReduceMean', [x], [intsAttr('axes', axes), keep]);
  }

  /** `Unsqueeze(x, axes)`. */
  unsqueeze(x: string, axes: readonly number[]): string {
    if (axes.length === 0) return x;
    if (this.opset >= 13) return this.op('Unsqueeze', [x, this.int64s(axes)]);
    return this.op('Unsqueeze', [x], [intsAttr('axes', axes)]);
  }

  /** `Slice(x, starts, ends, axes)` with constant bounds (steps of 1). */
  slice(x: string, starts: readonly number[], ends: readonly number[], axes: readonly number[]): string {
    if (axes.length === 0) return x;
    if (this.opset >= 10) {
      return this.op('Slice', [x, this.int64s(starts), this.int64s(ends), this.int64s(axes)]);
    }
    return this.op(
      'Slice',
      [x],
      [intsAttr('starts', starts), intsAttr('ends', ends), intsAttr('axes', axes)],
    );
  }

  /** Constant-mode `Pad(x, pads, value)`; `pads` is `[begin_0, ..., begin_n, end_0, ..., end_n]`. */
  pad(x: string, pads: readonly number[], value: number, dataType: number): string {
    if (pads.every((size) => size === 0)) return x;
    if (this.opset >= 11) return this.op('Pad', [x, this.int64s(pads), this.scalar(value, dataType)]);
    return this.op('Pad', [x], [intsAttr('pads', pads), floatAttr('value', value)]);
  }

  /** `Split(x, axis, sizes)`. */
  split(x: string, axis: number, sizes: readonly number[]): string[] {
    if (this.opset >= 13) {
      return this.node('Split', [x, this.int64s(sizes)], [intAttr('axis', axis)], sizes.length);
    }
    return this.node('Split', [x], [intAttr('axis', axis), intsAttr('split', sizes)], sizes.length);
  }

  /** `Concat(inputs, axis)`. */
  concat(inputs: readonly string[], axis: number): string {
    return this.op('Concat', inputs, [intAttr('axis', axis)]);
  }

  /** `Transpose(x, perm)`. */
  transpose(x: string, perm: readonly number[]): string {
    return this.op('Transpose', [x], [intsAttr('perm', perm)]);
  }

  /**
   * Broadcasts `x` (same rank as `like`, sizes 1 where it broadcasts) to the shape of `like`: `Expand` from opset
   * 8, `Tile` with constant repeats before.
   */
  expandLike(x: string, like: string): string {
    if (this.opset >= 8) return this.op('Expand', [x, this.shape(like)]);
    const xInfo = this.requireInfo(x);
    const likeInfo = this.requireInfo(like);
    const repeats = likeInfo.shape.map((size, axis) => {
      if (likeInfo.dynamic[axis]) {
        if (!xInfo.dynamic[axis]) throw new Error('Internal error: cannot tile along a dynamic axis.');
        return 1;
      }
      return size / (xInfo.shape[axis] ?? 1);
    });
    return this.op('Tile', [x, this.int64s(repeats)]);
  }

  /** Zeros of the shape and type of `like`. */
  zerosLike(like: string): string {
    const info = this.requireInfo(like);
    if (this.opset >= 9) {
      const value = makeTensor('value', info.dataType, [1], [0]);
      return this.op(
        'ConstantOfShape',
        [this.shape(like)],
        [
          onnx.AttributeProto.create({
            name: 'value',
            type: onnx.AttributeProto.AttributeType.TENSOR,
            t: value,
          }),
        ],
        info,
      );
    }
    return this.op('Mul', [like, this.scalar(0, info.dataType)], [], info);
  }

  /** `a + b`. */
  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }

  /** `a - b`. */
  sub(a: string, b: string): string {
    return this.op('Sub', [a, b]);
  }

  /** `a * b`. */
  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }

  /** `a / b`. */
  div(a: string, b: string): string {
    return this.op('Div', [a, b]);
  }

  /** `-a`. */
  neg(a: string): string {
    return this.op('Neg', [a]);
  }

  /** `a * value` with a scalar of `dataType`; `a` itself when `value` is 1. */
  scale(a: string, value: number, dataType: number): string {
    return value === 1 ? a : this.mul(a, this.scalar(value, dataType));
  }

  /** A 0/1 tensor of `dataType` from a boolean tensor. */
  mask(condition: string, dataType: number): string {
    return this.op('Cast', [condition], [intAttr('to', dataType)]);
  }

  /** Sum of several tensors of the same shape (`Sum`), or the tensor itself when there is one. */
  sum(inputs: readonly string[]): string {
    if (inputs.length === 1) return inputs[0]!;
    return this.op('Sum', inputs);
  }
}
