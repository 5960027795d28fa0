/**
 * The padding TensorFlow's `'same'` mode adds on one spatial axis: enough for `ceil(size / stride)` windows,
 * split in half with the odd element at the end (ONNX `SAME_UPPER`).
 *
 * @param size - the input's size on the axis.
 * @param kernel - the window size.
 * @param stride - the step.
 * @param dilation - the spacing of the window's taps. @default 1
 * @returns `[begin, end]`.
 */
export function samePadding(size: number, kernel: number, stride: number, dilation = 1): [number, number] {
  for (const [name, value] of [
    ['size', size],
    ['kernel', kernel],
    ['stride', stride],
    ['dilation', dilation],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`samePadding: ${name} must be a positive integer, got ${value}.`);
    }
  }
  const extent = (kernel - 1) * dilation + 1;
  const outputs = Math.ceil(size / stride);
  const total = Math.max(0, (outputs - 1) * stride + extent - size);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/**
 * The output size of a sliding window on one axis, as TensorFlow computes it: `ceil(size / stride)` for
 * `'same'`, `ceil((size - extent + 1) / stride)` for `'valid'`; `null` when the input size is unknown.
 *
 * @param size - the input's size on the axis, `null` when free.
 * @param kernel - the window size.
 * @param stride - the step.
 * @param dilation - the spacing of the window's taps.
 * @param padding - TensorFlow's padding mode.
 */
export function windowOutputSize(
  size: number | null,
  kernel: number,
  stride: number,
  dilation: number,
  padding: 'same' | 'valid',
): number | null {
  if (size === null) return null;
  if (padding === 'same') return Math.ceil(size / stride);
  return Math.max(0, Math.ceil((size - (kernel - 1) * dilation) / stride));
}
