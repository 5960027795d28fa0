import { assertResizeMethod, type ResizeMethod } from './resize-method.js';

/** The source taps of every output position along one axis. Internal. */
interface AxisTaps {
  /** Taps of output `i` are `indices[offsets[i]..offsets[i + 1])` with `weights` at the same positions. */
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly weights: Float64Array;
}

/**
 * Separable resampling of an interleaved `width x height x channels` array to `outWidth x outHeight`. Internal:
 * {@link resizeImage} and {@link resizeMap} wrap it.
 *
 * @returns the resampled values, unrounded, in float64.
 */
export function resample(
  source: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
  method: ResizeMethod,
): Float64Array {
  assertResizeMethod(method);
  const xTaps = axisTaps(width, outWidth, method);
  const yTaps = axisTaps(height, outHeight, method);

  // Horizontal pass: height rows of outWidth pixels.
  const rows = new Float64Array(height * outWidth * channels);
  for (let y = 0; y < height; y++) {
    const inRow = y * width * channels;
    const outRow = y * outWidth * channels;
    for (let x = 0; x < outWidth; x++) {
      for (let t = xTaps.offsets[x]!; t < xTaps.offsets[x + 1]!; t++) {
        const from = inRow + xTaps.indices[t]! * channels;
        const weight = xTaps.weights[t]!;
        const to = outRow + x * channels;
        for (let c = 0; c < channels; c++) rows[to + c]! += source[from + c]! * weight;
      }
    }
  }

  // Vertical pass.
  const rowLength = outWidth * channels;
  const result = new Float64Array(outHeight * rowLength);
  for (let y = 0; y < outHeight; y++) {
    const to = y * rowLength;
    for (let t = yTaps.offsets[y]!; t < yTaps.offsets[y + 1]!; t++) {
      const from = yTaps.indices[t]! * rowLength;
      const weight = yTaps.weights[t]!;
      for (let i = 0; i < rowLength; i++) result[to + i]! += rows[from + i]! * weight;
    }
  }
  return result;
}

function axisTaps(inSize: number, outSize: number, method: ResizeMethod): AxisTaps {
  const scale = inSize / outSize;
  const offsets = new Int32Array(outSize + 1);
  const indices: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < outSize; i++) {
    if (method === 'nearest') {
      indices.push(Math.min(Math.floor(((2 * i + 1) * inSize) / (2 * outSize)), inSize - 1));
      weights.push(1);
    } else if (method === 'area' && scale > 1) {
      const start = i * scale;
      const end = Math.min((i + 1) * scale, inSize);
      const first = Math.floor(start);
      const count = weights.length;
      let total = 0;
      for (let j = first; j < end; j++) {
        const overlap = Math.min(end, j + 1) - Math.max(start, j);
        if (overlap <= 0) continue;
        indices.push(j);
        weights.push(overlap);
        total += overlap;
      }
      for (let k = count; k < weights.length; k++) weights[k]! /= total;
    } else {
      const point = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
      const lower = Math.floor(point);
      const fraction = point - lower;
      indices.push(lower);
      weights.push(1 - fraction);
      if (fraction > 0) {
        indices.push(lower + 1);
        weights.push(fraction);
      }
    }
    offsets[i + 1] = weights.length;
  }
  return { offsets, indices: Int32Array.from(indices), weights: Float64Array.from(weights) };
}
