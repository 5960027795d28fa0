import { intsAttribute, stringAttribute } from '../proto/attributes.js';
import type { NodeProto } from '../proto/onnx.js';

/** The sliding-window attributes of a Conv or pooling node, with padding resolved to explicit values. */
export interface WindowGeometry {
  /** Window size per spatial axis. */
  readonly kernel: readonly number[];
  /** Step per spatial axis. */
  readonly strides: readonly number[];
  /** Dilation per spatial axis. */
  readonly dilations: readonly number[];
  /** `[begin_0, ..., begin_k, end_0, ..., end_k]` over the spatial axes, explicit (auto_pad resolved). */
  readonly pads: readonly number[];
}

/** How to undo a window operation with `ConvTranspose` so that its output has exactly the input's size. */
export interface TransposedGeometry {
  /** `ConvTranspose` pads (cropping): the forward pads plus the ceil-mode overhang at the end. */
  readonly pads: readonly number[];
  /** `ConvTranspose` output_padding: input rows and columns no window covered. */
  readonly outputPadding: readonly number[];
  /** Per spatial axis, how far the last window reaches past the padded input (ceil mode). */
  readonly overhang: readonly number[];
}

/**
 * Reads kernel, strides, dilations and pads of a Conv / MaxPool / AveragePool node and resolves `auto_pad`
 * against the input's spatial size.
 *
 * @param node - the node.
 * @param inputSize - the input's spatial sizes.
 * @param kernelFallback - kernel size when the node has no `kernel_shape` (Conv: from the weights).
 */
export function windowGeometry(
  node: NodeProto,
  inputSize: readonly number[],
  kernelFallback?: readonly number[],
): WindowGeometry {
  const rank = inputSize.length;
  const kernel = intsAttribute(node, 'kernel_shape') ?? kernelFallback ?? [];
  if (kernel.length !== rank) {
    throw new Error(`kernel_shape has ${kernel.length} values for ${rank} spatial axes`);
  }
  const strides = intsAttribute(node, 'strides') ?? new Array<number>(rank).fill(1);
  const dilations = intsAttribute(node, 'dilations') ?? new Array<number>(rank).fill(1);
  const autoPad = stringAttribute(node, 'auto_pad', 'NOTSET');
  let pads: number[];
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const begins: number[] = [];
    const ends: number[] = [];
    for (let axis = 0; axis < rank; axis++) {
      const stride = strides[axis]!;
      const extent = (kernel[axis]! - 1) * dilations[axis]! + 1;
      const output = Math.ceil(inputSize[axis]! / stride);
      const total = Math.max(0, (output - 1) * stride + extent - inputSize[axis]!);
      const small = Math.floor(total / 2);
      begins.push(autoPad === 'SAME_UPPER' ? small : total - small);
      ends.push(autoPad === 'SAME_UPPER' ? total - small : small);
    }
    pads = [...begins, ...ends];
  } else if (autoPad === 'VALID') {
    pads = new Array<number>(2 * rank).fill(0);
  } else {
    pads = intsAttribute(node, 'pads') ?? new Array<number>(2 * rank).fill(0);
  }
  return { kernel, strides, dilations, pads };
}

/**
 * The `ConvTranspose` padding that maps a window operation's output back onto exactly its input.
 *
 * @param geometry - the forward windows.
 * @param inputSize - the forward input's spatial sizes.
 * @param outputSize - the forward output's spatial sizes (as the runtime computed them, ceil mode included).
 */
export function transposedGeometry(
  geometry: WindowGeometry,
  inputSize: readonly number[],
  outputSize: readonly number[],
): TransposedGeometry {
  const rank = inputSize.length;
  const begins: number[] = [];
  const ends: number[] = [];
  const outputPadding: number[] = [];
  const overhang: number[] = [];
  for (let axis = 0; axis < rank; axis++) {
    const extent = (geometry.kernel[axis]! - 1) * geometry.dilations[axis]! + 1;
    const covered = (outputSize[axis]! - 1) * geometry.strides[axis]! + extent;
    const begin = geometry.pads[axis]!;
    const end = geometry.pads[axis + rank]!;
    const padded = inputSize[axis]! + begin + end;
    const over = Math.max(0, covered - padded);
    begins.push(begin);
    ends.push(end + over);
    overhang.push(over);
    outputPadding.push(padded + over - covered);
  }
  return { pads: [...begins, ...ends], outputPadding, overhang };
}
