import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';
import { disposeIntermediates, kernelRunner, pair, readFloat32, writeTensor } from './backend-kernels.js';
import type { TransposedFilterCache } from './transposed-filter-cache.js';
import { zeroDilate } from './zero-dilate.js';

type Conv2DInfoArgs = Parameters<TfCore['backend_util']['computeConv2DInfo']>;

interface BackpropInputAttrs {
  readonly strides: Conv2DInfoArgs[2];
  readonly pad: Conv2DInfoArgs[4];
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: Conv2DInfoArgs[5];
  readonly inputShape: [number, number, number, number];
}

/**
 * Padding of the stride-1 convolution over the spread output gradient that gives the input gradient of a
 * convolution: `k - 1 - before` on the leading side, and on the trailing side whatever brings the result back to
 * the input's size. `undefined` when a side would be negative (an output the forward pass never read).
 */
export function transposedPadding(
  inSize: number,
  outSize: number,
  kernel: number,
  stride: number,
  before: number,
): [number, number] | undefined {
  const spread = (outSize - 1) * stride + 1;
  const leading = kernel - 1 - before;
  const trailing = inSize - spread + before;
  return leading >= 0 && trailing >= 0 ? [leading, trailing] : undefined;
}

/**
 * A `Conv2DBackpropInput` kernel that computes the input gradient of a convolution (NHWC, any stride) as a forward
 * convolution: the output gradient `dy`, spread by the strides with zeros between its rows and columns
 * ({@link zeroDilate}), convolved at stride 1 with the filter rotated 180° and its channels swapped, using the
 * backend's own `Conv2D`, `Reverse` and `Transpose` kernels. On wasm, `Conv2D` runs on XNNPACK and is about ten
 * times faster than the backend's `Conv2DBackpropInput`. A 1x1 filter multiplies the channels at the output
 * gradient's resolution and spreads the product instead. NCHW uses `fallback`.
 *
 * @param tf - the TensorFlow.js namespace.
 * @param backendName - the backend whose kernels to compose.
 * @param fallback - the backend's own `Conv2DBackpropInput`, if any.
 * @param filters - where to keep the transposed filters between calls; only when every filter is a constant.
 * @returns `undefined` when the backend lacks one of the kernels it composes.
 */
export function conv2dBackpropInputAsConv(
  tf: TfCore,
  backendName: string,
  fallback: KernelConfig | undefined,
  filters?: TransposedFilterCache,
): KernelFunc | undefined {
  if (!['Conv2D', 'Reverse', 'Transpose'].every((name) => tf.getKernel(name, backendName))) return undefined;
  const run = kernelRunner(tf, backendName);
  return (args) => {
    const { inputs, backend } = args;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as BackpropInputAttrs;
    const useFallback = () => {
      if (!fallback)
        throw new Error(`Conv2DBackpropInput (${backendName}): only NHWC input gradients are supported.`);
      return fallback.kernelFunc(args);
    };
    if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC') return useFallback();
    const [sh, sw] = pair(attrs.strides);
    const [kh, kw] = filter.shape as [number, number, number, number];
    const [, outH, outW] = dy.shape as [number, number, number, number];
    const { padInfo, inHeight, inWidth } = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      [sh, sw],
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const rows = transposedPadding(inHeight, outH, kh, sh, padInfo.top);
    const columns = transposedPadding(inWidth, outW, kw, sw, padInfo.left);
    if (!rows || !columns) return useFallback();
    const temporary: TensorInfo[] = [];
    try {
      const transpose = () => {
        if (kh === 1 && kw === 1) return run(backend, 'Transpose', { x: filter }, { perm: [0, 1, 3, 2] });
        const flipped = run(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
        try {
          return run(backend, 'Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
        } finally {
          disposeIntermediates(backend, [flipped]);
        }
      };
      let swapped: TensorInfo;
      if (filters) {
        swapped = filters.get(filter, backend, transpose);
      } else {
        swapped = transpose();
        temporary.push(swapped);
      }
      if (kh === 1 && kw === 1 && rows[0] === 0 && columns[0] === 0) {
        // A 1x1 filter: multiply the channels at the output's resolution, then spread (strides times fewer products
        // in each direction than convolving the spread gradient).
        const product = run(
          backend,
          'Conv2D',
          { x: dy, filter: swapped },
          { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 },
        );
        if (sh === 1 && sw === 1 && inHeight === outH && inWidth === outW) return product;
        temporary.push(product);
        const spread = zeroDilate(
          readFloat32(backend, product),
          product.shape as [number, number, number, number],
          [sh, sw],
          [inHeight, inWidth],
        );
        return writeTensor(backend, spread.values, spread.shape);
      }
      let source = dy;
      if (sh > 1 || sw > 1) {
        const spread = zeroDilate(readFloat32(backend, dy), dy.shape as [number, number, number, number], [
          sh,
          sw,
        ]);
        source = writeTensor(backend, spread.values, spread.shape);
        temporary.push(source);
      }
      return run(
        backend,
        'Conv2D',
        { x: source, filter: swapped },
        { strides: 1, pad: [[0, 0], rows, columns, [0, 0]], dataFormat: 'NHWC', dilations: 1 },
      );
    } finally {
      disposeIntermediates(backend, temporary);
    }
  };
}
