import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';
import { disposeIntermediates, kernelRunner } from './backend-kernels.js';

type Conv2DInfoArgs = Parameters<TfCore['backend_util']['computeConv2DInfo']>;

interface BackpropFilterAttrs {
  readonly strides: Conv2DInfoArgs[2];
  readonly pad: Conv2DInfoArgs[4];
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: Conv2DInfoArgs[5];
  readonly filterShape: [number, number, number, number];
}

/**
 * A `Conv2DBackpropFilter` kernel (the filter gradient of a 2-D convolution, NHWC, dilation 1) computed as one
 * forward convolution, for backends that lack it (tfjs-backend-wasm 4.x cannot train a convolution without it):
 *
 * `dW[kh, kw, ci, co] = sum over n, oh, ow of x[n, oh * s + kh - pad, ow * s + kw - pad, ci] * dy[n, oh, ow, co]`
 *
 * is a convolution of `x` transposed to `[Ci, H, W, N]` (the batch becomes the channels) with `dy` transposed to
 * `[OH, OW, N, Co]` as the filter, dilated by the forward stride, padded so that its output is exactly
 * `KH x KW`; the result `[Ci, KH, KW, Co]` is transposed back. On wasm XNNPACK runs it at 1.2 to 1.4 times the
 * cost of the forward convolution, well ahead of per-offset matrix products.
 *
 * @param tf - the TensorFlow.js namespace.
 * @param backendName - the backend whose `Conv2D`, `Transpose` and `Slice` kernels to compose.
 */
export function conv2dBackpropFilterAsConv(tf: TfCore, backendName: string): KernelFunc {
  const run = kernelRunner(tf, backendName);
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
      attrs as unknown as BackpropFilterAttrs;
    if (dataFormat === 'NCHW') {
      throw new Error(`Conv2DBackpropFilter (${backendName}): only NHWC convolutions are supported.`);
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const [batch, height, width, channels] = x.shape as [number, number, number, number];
    const { top, left } = info.padInfo;
    const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
    // Bottom and right padding that make the output of the convolution below exactly filterHeight x filterWidth.
    let bottom = (info.outHeight - 1) * strideHeight + filterHeight - height - top;
    let right = (info.outWidth - 1) * strideWidth + filterWidth - width - left;
    const temporary: TensorInfo[] = [];
    try {
      let source = x;
      if (bottom < 0 || right < 0) {
        // Trailing rows or columns the forward convolution never read: crop them.
        const size = [batch, height + Math.min(bottom, 0), width + Math.min(right, 0), channels];
        source = run(backend, 'Slice', { x }, { begin: [0, 0, 0, 0], size });
        temporary.push(source);
        bottom = Math.max(bottom, 0);
        right = Math.max(right, 0);
      }
      const xt = run(backend, 'Transpose', { x: source }, { perm: [3, 1, 2, 0] });
      temporary.push(xt);
      const dyt = run(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
      temporary.push(dyt);
      const product = run(
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
          dilations: [strideHeight, strideWidth],
        },
      );
      temporary.push(product);
      return run(backend, 'Transpose', { x: product }, { perm: [1, 2, 0, 3] });
    } finally {
      disposeIntermediates(backend, temporary);
    }
  };
}
