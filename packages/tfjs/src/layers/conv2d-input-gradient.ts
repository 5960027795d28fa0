import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Tensor, TfCore } from '../tf-core.js';
import type { FlippedFilterCache } from './flipped-filter-cache.js';

/** Padding of a stride-1 convolution along one axis: before and after. */
type AxisPadding = [number, number];

/**
 * A 2-D convolution (NHWC, HWIO filter) whose gradient with respect to `x` is itself computed as a forward
 * convolution: for stride 1 and dilation 1, `dx = conv2d(dy, rot180(filter) with in/out swapped)` with the
 * complementary padding. Forward convolutions are what backends optimise (XNNPACK on wasm, about 10 times faster
 * there than its `Conv2DBackpropInput` kernel). The filter gets no gradient: use it only where the filter is a
 * constant (layer weights). Other strides and dilations fall back to `tf.conv2d`'s own gradient.
 *
 * @param tf - the TensorFlow.js namespace.
 * @param x - input `[N, H, W, Cin]`.
 * @param filter - `[kh, kw, Cin, Cout]`.
 * @param strides - strides (height, width).
 * @param padding - `'same'` or `'valid'`.
 * @param dilations - dilations (height, width).
 * @param filters - where the transposed filters are kept between calls.
 */
export function conv2dWithInputGradient(
  tf: TfCore,
  x: Tensor,
  filter: Tensor,
  strides: [number, number],
  padding: 'same' | 'valid',
  dilations: [number, number],
  filters: FlippedFilterCache,
): Tensor {
  if (strides[0] !== 1 || strides[1] !== 1 || dilations[0] !== 1 || dilations[1] !== 1) {
    return tf.conv2d(x as Tensor4D, filter as Tensor4D, strides, padding, 'NHWC', dilations);
  }
  const [kh, kw] = filter.shape as [number, number, number, number];
  const forward = [axisPadding(kh, padding), axisPadding(kw, padding)] as const;
  // The transposed convolution pads each side by (k - 1) minus what the forward pass padded on the other side.
  const backward = forward.map(([before, after], axis) => {
    const k = axis === 0 ? kh : kw;
    return [k - 1 - before, k - 1 - after] as AxisPadding;
  });
  const pad =
    padding === 'same' && kh % 2 === 1 && kw % 2 === 1
      ? 'same'
      : ([[0, 0], backward[0]!, backward[1]!, [0, 0]] as [
          AxisPadding,
          AxisPadding,
          AxisPadding,
          AxisPadding,
        ]);
  const op = tf.customGrad((input) => {
    const value = tf.conv2d(input as Tensor4D, filter as Tensor4D, 1, padding, 'NHWC');
    const gradFunc = (dy: Tensor) => tf.conv2d(dy as Tensor4D, filters.get(filter), 1, pad, 'NHWC');
    return { value, gradFunc };
  });
  return op(x);
}

function axisPadding(k: number, padding: 'same' | 'valid'): AxisPadding {
  if (padding === 'valid') return [0, 0];
  const total = k - 1;
  const before = Math.floor(total / 2);
  return [before, total - before];
}
