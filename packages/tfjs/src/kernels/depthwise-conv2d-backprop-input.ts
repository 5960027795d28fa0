import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';
import { disposeIntermediates, readFloat32, writeTensor } from './backend-kernels.js';
import { transposedPadding } from './conv2d-backprop-input-as-conv.js';
import { zeroDilate } from './zero-dilate.js';

/** The tfjs kernel name this file implements. */
export const depthwiseBackpropInputKernelName = 'DepthwiseConv2dNativeBackpropInput';

type Conv2DInfoArgs = Parameters<TfCore['backend_util']['computeConv2DInfo']>;

interface DepthwiseBackpropAttrs {
  readonly strides: Conv2DInfoArgs[2];
  readonly dilations?: Conv2DInfoArgs[3];
  readonly pad: Conv2DInfoArgs[4];
  readonly dimRoundingMode?: Conv2DInfoArgs[5];
  readonly inputShape: [number, number, number, number];
}

interface ReadWriteBackend {
  readSync(dataId: object): unknown;
  write(values: Float32Array, shape: number[], dtype: 'float32'): object;
}

/**
 * A `DepthwiseConv2dNativeBackpropInput` kernel (the input gradient of a depthwise convolution) for backends
 * that lack it, such as `wasm`. With one filter per channel (separable convolutions, MobileNets) it is a forward
 * depthwise convolution of `dy` (spread by the strides with zeros, see `zeroDilate`) with the filter rotated 180°,
 * run by the backend's own `DepthwiseConv2dNative` (XNNPACK on wasm). Otherwise it reads `dy` and the filter with the backend's
 * `readSync`, computes in JavaScript and writes the result with the backend's `write`.
 *
 * @param tf - the TensorFlow.js namespace (for its convolution geometry helper).
 * @param backendName - the backend to register it for.
 */
export function depthwiseBackpropInputKernel(tf: TfCore, backendName: string): KernelConfig {
  const forward = tf.getKernel('DepthwiseConv2dNative', backendName);
  const reverse = tf.getKernel('Reverse', backendName);
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, dilations, pad, dimRoundingMode, inputShape } =
      attrs as unknown as DepthwiseBackpropAttrs;
    const info = tf.backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      dilations ?? 1,
      pad,
      dimRoundingMode,
      true,
    );
    if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
      throw new Error('DepthwiseConv2dNativeBackpropInput: dilations other than 1 are not supported.');
    }
    const { filterHeight: kh, filterWidth: kw, padInfo, strideHeight: sh, strideWidth: sw } = info;
    const rows = transposedPadding(info.inHeight, info.outHeight, kh, sh, padInfo.top);
    const columns = transposedPadding(info.inWidth, info.outWidth, kw, sw, padInfo.left);
    if (forward && reverse && info.outChannels === info.inChannels && rows && columns) {
      const temporary: TensorInfo[] = [];
      try {
        let source = dy;
        if (sh > 1 || sw > 1) {
          const spread = zeroDilate(readFloat32(backend, dy), dy.shape as [number, number, number, number], [
            sh,
            sw,
          ]);
          source = writeTensor(backend, spread.values, spread.shape);
          temporary.push(source);
        }
        const flipped = reverse.kernelFunc({
          inputs: { x: filter },
          backend,
          attrs: { dims: [0, 1] },
        }) as TensorInfo;
        temporary.push(flipped);
        return forward.kernelFunc({
          inputs: { x: source, filter: flipped },
          backend,
          attrs: { strides: 1, pad: [[0, 0], rows, columns, [0, 0]], dilations: 1, dataFormat: 'NHWC' },
        });
      } finally {
        disposeIntermediates(backend, temporary);
      }
    }
    const io = backend as ReadWriteBackend;
    const dyValues = io.readSync(dy.dataId) as Float32Array;
    const filterValues = io.readSync(filter.dataId) as Float32Array;
    const dx = depthwiseBackpropInput(dyValues, filterValues, info);
    const shape = [...info.inShape];
    return { dataId: io.write(dx, shape, 'float32'), shape, dtype: 'float32' };
  };
  return { kernelName: depthwiseBackpropInputKernelName, backendName, kernelFunc };
}

/** The convolution geometry the computation needs (a subset of tfjs's `Conv2DInfo`). */
export interface DepthwiseGeometry {
  readonly batchSize: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outChannels: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padInfo: { readonly top: number; readonly left: number };
}

/**
 * Input gradient of a depthwise convolution (NHWC, filter `[fh, fw, inChannels, multiplier]`, dilation 1):
 * `dx[b, y, x, c] = sum over taps and multipliers of dy[b, oy, ox, c * m + k] * filter[ky, kx, c, k]`.
 */
export function depthwiseBackpropInput(
  dy: Float32Array,
  filter: Float32Array,
  geometry: DepthwiseGeometry,
): Float32Array {
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    padInfo,
  } = geometry;
  const multiplier = outChannels / inChannels;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  // Scatter form: each output position adds its dy, weighted by the filter, to the inputs it read.
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const dyBase = ((b * outHeight + oy) * outWidth + ox) * outChannels;
        for (let ky = 0; ky < filterHeight; ky++) {
          const y = oy * strideHeight - padInfo.top + ky;
          if (y < 0 || y >= inHeight) continue;
          for (let kx = 0; kx < filterWidth; kx++) {
            const x = ox * strideWidth - padInfo.left + kx;
            if (x < 0 || x >= inWidth) continue;
            const dxBase = ((b * inHeight + y) * inWidth + x) * inChannels;
            const filterBase = (ky * filterWidth + kx) * inChannels * multiplier;
            for (let c = 0; c < inChannels; c++) {
              let sum = 0;
              for (let k = 0; k < multiplier; k++) {
                sum += dy[dyBase + c * multiplier + k]! * filter[filterBase + c * multiplier + k]!;
              }
              dx[dxBase + c] = dx[dxBase + c]! + sum;
            }
          }
        }
      }
    }
  }
  return dx;
}
