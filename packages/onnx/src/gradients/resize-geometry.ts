/**
 * The interpolation ONNX `Resize` (and the older `Upsample`) applies along one axis, as a matrix: output
 * position `o` is `Σ_i A[o, i] · input[i]`. Nearest, linear and cubic modes are all linear in the input, so the
 * backward pass multiplies the output gradient by `Aᵀ`. The arithmetic follows ONNX Runtime's CPU kernel in
 * float32 (so ties in nearest rounding fall the same way).
 */

/** How `Resize` maps an output coordinate to an input coordinate. */
export type CoordinateTransformation =
  | 'half_pixel'
  | 'half_pixel_symmetric'
  | 'pytorch_half_pixel'
  | 'align_corners'
  | 'asymmetric'
  | 'tf_half_pixel_for_nn';

/** How `Resize` rounds in nearest mode; `'simple'` is opset 10's (and `Upsample`'s) rule. */
export type NearestRounding = 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil' | 'simple';

/** One axis of a resize. */
export interface ResizeAxis {
  /** `'nearest'`, `'linear'` or `'cubic'`. */
  readonly mode: 'nearest' | 'linear' | 'cubic';
  /** The coordinate transformation. */
  readonly coordinates: CoordinateTransformation;
  /** Rounding in nearest mode. */
  readonly nearest: NearestRounding;
  /** The scale along the axis (float32), as given or as `output / input`. */
  readonly scale: number;
  /** Input length. */
  readonly input: number;
  /** Output length. */
  readonly output: number;
  /** Cubic mode's `a`. @default -0.75 */
  readonly cubicA?: number;
  /** Cubic mode: drop taps outside the input and renormalise. @default false */
  readonly excludeOutside?: boolean;
}

const f = Math.fround;

/** The input coordinate of output position `x` (float32 arithmetic, as ONNX Runtime computes it). */
export function originalCoordinate(axis: ResizeAxis, x: number): number {
  const scale = f(axis.scale);
  switch (axis.coordinates) {
    case 'asymmetric':
      return f(x / scale);
    case 'pytorch_half_pixel':
      return axis.output > 1 ? f(f(f(x + 0.5) / scale) - 0.5) : 0;
    case 'tf_half_pixel_for_nn':
      return f(f(x + 0.5) / scale);
    case 'align_corners':
      return axis.output === 1 ? 0 : f(f(x * (axis.input - 1)) / (axis.output - 1));
    case 'half_pixel_symmetric': {
      const width = f(scale * axis.input);
      const adjustment = f(axis.output / width);
      const offset = f(f(axis.input / 2) * f(1 - adjustment));
      return f(offset + (x + 0.5) / scale - 0.5);
    }
    default:
      return f(f(f(x + 0.5) / scale) - 0.5);
  }
}

/** C's `round`: halves away from zero. */
function roundHalfAway(value: number): number {
  return Math.sign(value) * Math.floor(Math.abs(value) + 0.5);
}

/** The input index nearest mode picks for an input coordinate. */
export function nearestIndex(rounding: NearestRounding, coordinate: number, downsampling: boolean): number {
  switch (rounding) {
    case 'simple':
      return downsampling ? Math.ceil(coordinate) : Math.trunc(coordinate);
    case 'round_prefer_ceil':
      return roundHalfAway(coordinate);
    case 'floor':
      return Math.floor(coordinate);
    case 'ceil':
      return Math.ceil(coordinate);
    default:
      return coordinate === f(Math.trunc(coordinate) + 0.5)
        ? Math.floor(coordinate)
        : roundHalfAway(coordinate);
  }
}

/** The cubic convolution weights of the four taps around a coordinate with fractional part `s`. */
function cubicWeights(s: number, a: number): [number, number, number, number] {
  const t = Math.abs(s);
  return [
    f(((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a),
    f(((a + 2) * t - (a + 3)) * t * t + 1),
    f(((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1),
    f(((a * (2 - t) - 5 * a) * (2 - t) + 8 * a) * (2 - t) - 4 * a),
  ];
}

/**
 * The `[output, input]` interpolation matrix of one axis, row-major. An axis with scale 1 and equal lengths
 * is the identity (ONNX Runtime copies it).
 */
export function resizeMatrix(axis: ResizeAxis): Float64Array {
  const { input, output } = axis;
  const matrix = new Float64Array(output * input);
  const clampIndex = (index: number) => Math.min(Math.max(index, 0), input - 1);
  for (let o = 0; o < output; o++) {
    const row = o * input;
    if (f(axis.scale) === 1 && input === output) {
      matrix[row + o] = 1;
      continue;
    }
    const coordinate = originalCoordinate(axis, o);
    if (axis.mode === 'nearest') {
      matrix[row + clampIndex(nearestIndex(axis.nearest, coordinate, f(axis.scale) < 1))] = 1;
    } else if (axis.mode === 'linear') {
      const clamped = f(Math.min(Math.max(coordinate, 0), input - 1));
      const low = Math.min(Math.trunc(clamped), input - 1);
      const high = Math.min(low + 1, input - 1);
      if (low === high) {
        matrix[row + low] = 1;
      } else {
        matrix[row + low]! += f(Math.abs(clamped - high));
        matrix[row + high]! += f(Math.abs(clamped - low));
      }
    } else {
      const base = Math.floor(coordinate);
      const weights = cubicWeights(f(coordinate - base), axis.cubicA ?? -0.75);
      let total = 0;
      const taps: [number, number][] = [];
      for (let tap = 0; tap < 4; tap++) {
        const index = base - 1 + tap;
        const outside = index < 0 || index >= input;
        if (axis.excludeOutside && outside) continue;
        taps.push([clampIndex(index), weights[tap]!]);
        total += weights[tap]!;
      }
      const norm = axis.excludeOutside ? total : 1;
      for (const [index, weight] of taps) matrix[row + index]! += weight / norm;
    }
  }
  return matrix;
}
