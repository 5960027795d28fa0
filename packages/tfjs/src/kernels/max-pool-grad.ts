import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TfCore } from '../tf-core.js';
import { readFloat32, writeTensor } from './backend-kernels.js';

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
 * input of its window, in row-major window order (as tfjs's cpu backend and TensorFlow do). Windows are scanned
 * with the channels innermost, so every read is contiguous.
 */
export function maxPoolGrad(dy: Float32Array, x: Float32Array, geometry: PoolGeometry): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, padInfo } = geometry;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = geometry;
  const { effectiveFilterHeight, effectiveFilterWidth } = geometry;
  const dx = new Float32Array(x.length);
  const best = new Int32Array(channels);
  const bestValue = new Float32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - padInfo.top;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * strideWidth - padInfo.left;
        best.fill(-1);
        for (let ky = 0; ky < effectiveFilterHeight; ky += dilationHeight) {
          const y = y0 + ky;
          if (y < 0 || y >= inHeight) continue;
          for (let kx = 0; kx < effectiveFilterWidth; kx += dilationWidth) {
            const xx = x0 + kx;
            if (xx < 0 || xx >= inWidth) continue;
            const base = ((b * inHeight + y) * inWidth + xx) * channels;
            for (let c = 0; c < channels; c++) {
              const value = x[base + c]!;
              if (value > bestValue[c]! || best[c]! < 0) {
                bestValue[c] = value;
                best[c] = base + c;
              }
            }
          }
        }
        const dyBase = ((b * outHeight + oy) * outWidth + ox) * channels;
        for (let c = 0; c < channels; c++) {
          const index = best[c]!;
          if (index >= 0) dx[index] = dx[index]! + dy[dyBase + c]!;
        }
      }
    }
  }
  return dx;
}

/**
 * Index (in `x`, NHWC) of the first largest input of the pooling window of output `(b, oy, ox, c)`, in row-major
 * window order; `-1` when the window lies entirely in the padding.
 */
export function windowArgmax(
  x: Float32Array,
  geometry: PoolGeometry,
  b: number,
  oy: number,
  ox: number,
  c: number,
): number {
  const { inHeight, inWidth, inChannels, padInfo, strideHeight, strideWidth } = geometry;
  const { dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = geometry;
  const y0 = oy * strideHeight - padInfo.top;
  const x0 = ox * strideWidth - padInfo.left;
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
  return best;
}

/**
 * {@link maxPoolGrad} given the pooled output `pooled` as well (and, optionally, where to write: `dx`, zeroed
 * first): each window's first input equal to its maximum gets the gradient. The window's offsets are computed
 * once per output position; then, channel by channel, the scan stops at the first input equal to the maximum, so
 * no running maxima are tracked (3-4x faster than {@link maxPoolGrad} on 3x3 stride-2 pools). A channel whose
 * maximum is not found (a NaN) falls back to {@link windowArgmax}.
 */
export function maxPoolGradFromOutput(
  dy: Float32Array,
  x: Float32Array,
  pooled: Float32Array,
  geometry: PoolGeometry,
  dx: Float32Array = new Float32Array(x.length),
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, padInfo } = geometry;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = geometry;
  const { effectiveFilterHeight, effectiveFilterWidth } = geometry;
  dx.fill(0);
  const offsets = new Int32Array(
    Math.ceil(effectiveFilterHeight / dilationHeight) * Math.ceil(effectiveFilterWidth / dilationWidth),
  );
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - padInfo.top;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * strideWidth - padInfo.left;
        let count = 0;
        for (let ky = 0; ky < effectiveFilterHeight; ky += dilationHeight) {
          const y = y0 + ky;
          if (y < 0 || y >= inHeight) continue;
          for (let kx = 0; kx < effectiveFilterWidth; kx += dilationWidth) {
            const xx = x0 + kx;
            if (xx < 0 || xx >= inWidth) continue;
            offsets[count++] = ((b * inHeight + y) * inWidth + xx) * channels;
          }
        }
        const outBase = ((b * outHeight + oy) * outWidth + ox) * channels;
        for (let c = 0; c < channels; c++) {
          const maximum = pooled[outBase + c]!;
          let k = 0;
          for (; k < count; k++) {
            const index = offsets[k]! + c;
            if (x[index] === maximum) {
              dx[index] = dx[index]! + dy[outBase + c]!;
              break;
            }
          }
          if (k < count || count === 0) continue;
          const index = windowArgmax(x, geometry, b, oy, ox, c);
          if (index >= 0) dx[index] = dx[index]! + dy[outBase + c]!;
        }
      }
    }
  }
  return dx;
}

/** The wasm backend's direct access to its heap. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

type PoolPad = Parameters<TfCore['backend_util']['computePool2DInfo']>[4];

interface MaxPoolGradAttrs {
  readonly filterSize: [number, number] | number;
  readonly strides: [number, number] | number;
  readonly pad: PoolPad;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * A `MaxPoolGrad` kernel whose gradient goes, like TensorFlow's and tfjs's cpu backend's, to the first largest
 * input of each window. tfjs-backend-wasm 4.x's own `MaxPoolGrad` (and `MaxPoolWithArgmax`) start each window's
 * maximum at 0, so a window whose inputs are all negative, or all zero as after a ReLU, sends its gradient to the
 * wrong element; they are also slower (a 3x3 stride-2 pool of 29x29x128: 3.2 ms, this kernel about 0.7 ms).
 *
 * It runs in JavaScript, on the wasm heap in place (elsewhere over the backend's `readSync` / `write`): with the
 * pooled output (an input of the kernel when tfjs's gradient calls it) through {@link maxPoolGradFromOutput},
 * otherwise {@link maxPoolGrad}.
 *
 * @param tf - the TensorFlow.js namespace (for its pooling geometry helper).
 */
export function maxPoolGradKernel(tf: TfCore): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, input, output } = inputs as { dy: TensorInfo; input: TensorInfo; output?: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
    const geometry = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const heap = backend as Partial<HeapBackend>;
    if (heap.makeOutput && heap.typedArrayFromHeap) {
      // wasm: read and write the heap in place. The output first: allocating may move the heap.
      const out = heap.makeOutput([...input.shape], 'float32');
      const view = (info: TensorInfo) => heap.typedArrayFromHeap!(info) as Float32Array;
      const dx = view(out);
      const x = view(input);
      if (output) maxPoolGradFromOutput(view(dy), x, view(output), geometry, dx);
      else dx.set(maxPoolGrad(view(dy), x, geometry));
      return out;
    }
    const dyValues = readFloat32(backend, dy);
    const x = readFloat32(backend, input);
    const dx = output
      ? maxPoolGradFromOutput(dyValues, x, readFloat32(backend, output), geometry)
      : maxPoolGrad(dyValues, x, geometry);
    return writeTensor(backend, dx, input.shape);
  };
}
