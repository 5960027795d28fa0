import type { ModelGraph } from '../../src/graph/model-graph.js';
import { nodeOutputs } from '../../src/graph/node-inputs.js';
import { floatAttribute, intAttribute, intsAttribute, stringAttribute } from '../../src/proto/attributes.js';
import type { NodeProto } from '../../src/proto/onnx.js';
import { tensorDims } from '../../src/proto/tensor-proto.js';

/** A dense float64 tensor. */
export interface Tensor64 {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

const size = (shape: readonly number[]) => shape.reduce((product, value) => product * value, 1);

/**
 * Evaluates the part of a model after `from` in float64, for finite differences without float32 rounding noise.
 * Supports the operators of the CNN fixtures: Conv, Relu, MaxPool, Add, Reshape, Flatten, MatMul, Gemm,
 * GlobalAveragePool, Identity, Dropout (inference), Constant (test use only).
 */
export function evaluateFrom(graph: ModelGraph, from: string, value: Tensor64, output: string): Tensor64 {
  const values = new Map<string, Tensor64>([[from, value]]);
  const resolve = (name: string): Tensor64 | undefined => {
    const known = values.get(name);
    if (known) return known;
    const constant = graph.constantValue(name);
    if (!constant) return undefined;
    const initializer = graph.initializers.get(name);
    const tensor = {
      shape: initializer ? tensorDims(initializer) : [constant.length],
      data: Float64Array.from(constant),
    };
    values.set(name, tensor);
    return tensor;
  };
  for (const node of graph.nodes) {
    if (nodeOutputs(node).includes(from) || node.opType === 'Constant') continue;
    const inputs = (node.input ?? []).map((name) => (name ? resolve(name) : undefined));
    if ((node.input ?? []).some((name, index) => name && !inputs[index])) continue;
    values.set(node.output![0]!, run(node, inputs));
    if (values.has(output)) return values.get(output)!;
  }
  const result = resolve(output);
  if (!result) throw new Error(`float64 interpreter: ${output} was not computed`);
  return result;
}

function run(node: NodeProto, inputs: (Tensor64 | undefined)[]): Tensor64 {
  const x = inputs[0]!;
  switch (node.opType) {
    case 'Identity':
    case 'Dropout':
      return x;
    case 'Relu':
      return { shape: x.shape, data: x.data.map((value) => (value > 0 ? value : 0)) };
    case 'Add':
      return broadcast(x, inputs[1]!, (a, b) => a + b);
    case 'Reshape': {
      const target = Array.from(inputs[1]!.data).map((value, axis) => (value === 0 ? x.shape[axis]! : value));
      const known = size(target.filter((value) => value !== -1));
      return { shape: target.map((value) => (value === -1 ? size(x.shape) / known : value)), data: x.data };
    }
    case 'Flatten':
      return { shape: [x.shape[0]!, size(x.shape.slice(1))], data: x.data };
    case 'GlobalAveragePool': {
      const [n, c] = x.shape as [number, number];
      const area = size(x.shape.slice(2));
      const data = new Float64Array(n * c);
      for (let index = 0; index < n * c; index++) {
        for (let position = 0; position < area; position++)
          data[index]! += x.data[index * area + position]! / area;
      }
      return { shape: [n, c, 1, 1], data };
    }
    case 'MatMul':
      return matMul(x, inputs[1]!, false, false, 1);
    case 'Gemm': {
      const product = matMul(
        x,
        inputs[1]!,
        intAttribute(node, 'transA', 0) === 1,
        intAttribute(node, 'transB', 0) === 1,
        floatAttribute(node, 'alpha', 1),
      );
      const beta = floatAttribute(node, 'beta', 1);
      return inputs[2] ? broadcast(product, inputs[2], (a, b) => a + beta * b) : product;
    }
    case 'Conv':
      return window(node, x, inputs[1]!, inputs[2]);
    case 'MaxPool':
      return window(node, x, undefined, undefined);
    default:
      throw new Error(`float64 interpreter: ${node.opType} is not supported`);
  }
}

function broadcast(a: Tensor64, b: Tensor64, combine: (x: number, y: number) => number): Tensor64 {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pad = (shape: readonly number[]) => [...new Array<number>(rank - shape.length).fill(1), ...shape];
  const sa = pad(a.shape);
  const sb = pad(b.shape);
  const shape = sa.map((value, axis) => Math.max(value, sb[axis]!));
  const data = new Float64Array(size(shape));
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    let rest = flat;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis] = rest % shape[axis]!;
      rest = Math.floor(rest / shape[axis]!);
    }
    let ia = 0;
    let ib = 0;
    for (let axis = 0; axis < rank; axis++) {
      ia = ia * sa[axis]! + (sa[axis] === 1 ? 0 : index[axis]!);
      ib = ib * sb[axis]! + (sb[axis] === 1 ? 0 : index[axis]!);
    }
    data[flat] = combine(a.data[ia]!, b.data[ib]!);
  }
  return { shape, data };
}

function matMul(a: Tensor64, b: Tensor64, transA: boolean, transB: boolean, alpha: number): Tensor64 {
  const [ar, ac] = a.shape as [number, number];
  const [br, bc] = b.shape as [number, number];
  const m = transA ? ac : ar;
  const k = transA ? ar : ac;
  const n = transB ? br : bc;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let t = 0; t < k; t++) {
        const av = transA ? a.data[t * ac + i]! : a.data[i * ac + t]!;
        const bv = transB ? b.data[j * bc + t]! : b.data[t * bc + j]!;
        sum += av * bv;
      }
      data[i * n + j] = alpha * sum;
    }
  }
  return { shape: [m, n], data };
}

/** 2-D Conv (group 1) or MaxPool with strides, pads (auto_pad SAME_UPPER or explicit) and dilations. */
function window(
  node: NodeProto,
  x: Tensor64,
  weights: Tensor64 | undefined,
  bias: Tensor64 | undefined,
): Tensor64 {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const kernel = intsAttribute(node, 'kernel_shape') ?? weights!.shape.slice(2);
  const [kh, kw] = kernel as [number, number];
  const [sh, sw] = (intsAttribute(node, 'strides') ?? [1, 1]) as [number, number];
  const [dh, dw] = (intsAttribute(node, 'dilations') ?? [1, 1]) as [number, number];
  let pads = intsAttribute(node, 'pads') ?? [0, 0, 0, 0];
  if (stringAttribute(node, 'auto_pad', 'NOTSET') === 'SAME_UPPER') {
    const total = (input: number, stride: number, extent: number) =>
      Math.max(0, (Math.ceil(input / stride) - 1) * stride + extent - input);
    const th = total(h, sh, (kh - 1) * dh + 1);
    const tw = total(w, sw, (kw - 1) * dw + 1);
    pads = [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
  }
  const [pt, pl, pb, pr] = pads as [number, number, number, number];
  const oh = Math.floor((h + pt + pb - ((kh - 1) * dh + 1)) / sh) + 1;
  const ow = Math.floor((w + pl + pr - ((kw - 1) * dw + 1)) / sw) + 1;
  const m = weights ? weights.shape[0]! : c;
  const data = new Float64Array(n * m * oh * ow);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < m; o++) {
      for (let y = 0; y < oh; y++) {
        for (let z = 0; z < ow; z++) {
          let result = weights ? (bias?.data[o] ?? 0) : Number.NEGATIVE_INFINITY;
          for (let ky = 0; ky < kh; ky++) {
            const iy = y * sh - pt + ky * dh;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = z * sw - pl + kx * dw;
              if (ix < 0 || ix >= w) continue;
              if (weights) {
                for (let i = 0; i < c; i++) {
                  result +=
                    x.data[((b * c + i) * h + iy) * w + ix]! *
                    weights.data[((o * c + i) * kh + ky) * kw + kx]!;
                }
              } else {
                result = Math.max(result, x.data[((b * c + o) * h + iy) * w + ix]!);
              }
            }
          }
          data[((b * m + o) * oh + y) * ow + z] = result;
        }
      }
    }
  }
  return { shape: [n, m, oh, ow], data };
}
