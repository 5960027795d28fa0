import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';

/** The pooling geometry the computation needs (a subset of tfjs's `Conv2DInfo`). */
export interface PoolGeometry {
  readonly batchSize: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly effectiveFilterHeight: number;
  readonly effectiveFilterWidth: number;
  readonly padInfo: { readonly top: number; readonly left: number };
}

/**
 * Gradient of a 2-D max pooling (NHWC) with respect to its input: each output's `dy` goes to the first largest
 * input of its window (as tfjs's cpu backend and TensorFlow do).
 */
export function maxPoolGrad(dy: Float32Array, x: Float32Array, geometry: PoolGeometry): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, padInfo } = geometry;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = geometry;
  const { effectiveFilterHeight, effectiveFilterWidth } = geometry;
  const dx = new Float32Array(x.length);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - padInfo.top;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * strideWidth - padInfo.left;
        for (let c = 0; c < inChannels; c++) {
          let best = -1;
          let bestValue = Number.NEGATIVE_INFINITY;
          for (let ky = 0; ky < effectiveFilterHeight; ky += dilationHeight) {
            const y = y0 + ky;
            if (y < 0 || y >= inHeight) continue;
            for (let kx = 0; kx < effectiveFilterWidth; kx += dilationWidth) {
              const xx = x0 + kx;
              if (xx < 0 || xx >= inWidth) continue;
              const index = ((b * inHeight + y) * inWidth + xx) * inChannels + c;
              const value = x[index]!;
              if (value > bestValue || best < 0) {
                bestValue = value;
                best = index;
              }
            }
          }
          if (best >= 0) dx[best] = dx[best]! + dy[((b * outHeight + oy) * outWidth + ox) * inChannels + c]!;
        }
      }
    }
  }
  return dx;
}

interface ReadWriteBackend {
  readSync(dataId: object): unknown;
  write(values: Float32Array, shape: number[], dtype: 'float32'): object;
}

/**
 * A portable `MaxPoolGrad` kernel (reads with the backend's `readSync`, computes in JavaScript, writes with its
 * `write`). tfjs-backend-wasm 4.x's own `MaxPoolGrad` routes the gradient of a window whose inputs are all
 * negative to the wrong element; this one is used instead while the adapter differentiates on wasm.
 *
 * @param tf - the TensorFlow.js namespace (for its pooling geometry helper).
 */
export function maxPoolGradKernel(tf: TfCore): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
      filterSize: [number, number] | number;
      strides: [number, number] | number;
      pad: Parameters<TfCore['backend_util']['computePool2DInfo']>[4];
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const geometry = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const io = backend as ReadWriteBackend;
    const dx = maxPoolGrad(
      io.readSync(dy.dataId) as Float32Array,
      io.readSync(input.dataId) as Float32Array,
      geometry,
    );
    const shape = [...input.shape];
    return { dataId: io.write(dx, shape, 'float32'), shape, dtype: 'float32' };
  };
}
