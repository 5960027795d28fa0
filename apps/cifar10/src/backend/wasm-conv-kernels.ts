import {
  backend_util,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  type TensorInfo,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { freeWasm, runWasmKernel } from './wasm-kernel-utils.js';

/** Backend name the kernels in this file are registered for. */
const BACKEND = 'wasm';
const run = runWasmKernel;
const free = freeWasm;

function pair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

/**
 * Filter gradient of a 2-D convolution (NHWC, dilation 1), computed as one forward convolution:
 *
 * dW[kh, kw, ci, co] = Σ_{n,oh,ow} x[n, oh·s + kh − pad, ow·s + kw − pad, ci] · dy[n, oh, ow, co]
 *
 * is a convolution of x transposed to [Ci, H, W, N] (batch becomes channels) with dy transposed to
 * [OH, OW, N, Co] used as the filter, dilated by the forward stride. The result [Ci, KH, KW, Co] is
 * transposed back to [KH, KW, Ci, Co]. The wasm backend runs that convolution in XNNPACK, which is
 * far faster than the per-offset matMul alternative (see README).
 */
export const conv2DBackpropFilterWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const [, H, W] = x.shape as [number, number, number, number];
  const { top, left } = info.padInfo;
  const sH = info.strideHeight;
  const sW = info.strideWidth;
  const KH = info.filterHeight;
  const KW = info.filterWidth;
  // Bottom/right padding so that the "output" of the trick convolution is exactly KH x KW.
  let bottom = (info.outHeight - 1) * sH + KH - H - top;
  let right = (info.outWidth - 1) * sW + KW - W - left;
  const toFree: TensorInfo[] = [];
  let xs = x;
  if (bottom < 0 || right < 0) {
    // Trailing rows/columns the forward conv never read: crop them.
    const h = H + Math.min(bottom, 0);
    const w = W + Math.min(right, 0);
    xs = run(backend, 'Slice', { x }, { begin: [0, 0, 0, 0], size: [x.shape[0], h, w, x.shape[3]] });
    toFree.push(xs);
    bottom = Math.max(bottom, 0);
    right = Math.max(right, 0);
  }
  const xt = run(backend, 'Transpose', { x: xs }, { perm: [3, 1, 2, 0] });
  const dyt = run(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const r = run(
    backend,
    'Conv2D',
    { x: xt, filter: dyt },
    {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [sH, sW],
    },
  );
  const out = run(backend, 'Transpose', { x: r }, { perm: [1, 2, 0, 3] });
  free(backend, ...toFree, xt, dyt, r);
  return out;
};

/**
 * Builds an input-gradient kernel for 2-D convolutions. For stride 1 (every conv in our models) the
 * input gradient is a forward convolution of dy with the spatially flipped, in/out-swapped filter,
 * which XNNPACK runs ~8x faster than the wasm backend's own Conv2DBackpropInput; other strides fall
 * back to `fallback` (the original kernel).
 */
export function makeConv2DBackpropInputWasm(fallback: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      attrs as unknown as Conv2DBackpropInputAttrs;
    const [sH, sW] = pair(strides);
    if (dataFormat === 'NCHW' || sH !== 1 || sW !== 1) {
      if (fallback == null) throw new Error('Conv2DBackpropInput (wasm): unsupported configuration');
      return fallback(args);
    }
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      1,
      1,
      pad,
      dimRoundingMode,
    );
    const KH = info.filterHeight;
    const KW = info.filterWidth;
    const { top, left, bottom, right } = info.padInfo;
    const reversed = run(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
    const flipped = run(backend, 'Transpose', { x: reversed }, { perm: [0, 1, 3, 2] });
    const out = run(
      backend,
      'Conv2D',
      { x: dy, filter: flipped },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [KH - 1 - top, KH - 1 - bottom],
          [KW - 1 - left, KW - 1 - right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      },
    );
    free(backend, reversed, flipped);
    return out;
  };
}

let registered = false;

/**
 * Registers the fast convolution-gradient kernels for the `wasm` backend: `Conv2DBackpropFilter`
 * (missing from tfjs-backend-wasm 4.22) and a faster `Conv2DBackpropInput` for stride 1.
 * Idempotent; call before training on wasm.
 */
export function registerWasmConvGradKernels(): void {
  if (registered) return;
  registered = true;
  if (getKernel('Conv2DBackpropFilter', BACKEND) == null) {
    registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: BACKEND,
      kernelFunc: conv2DBackpropFilterWasm,
    });
  }
  const original = getKernel('Conv2DBackpropInput', BACKEND);
  if (original != null) unregisterKernel('Conv2DBackpropInput', BACKEND);
  const config: KernelConfig = {
    kernelName: 'Conv2DBackpropInput',
    backendName: BACKEND,
    kernelFunc: makeConv2DBackpropInputWasm(original?.kernelFunc),
  };
  if (original?.setupFunc) config.setupFunc = original.setupFunc;
  registerKernel(config);
}
