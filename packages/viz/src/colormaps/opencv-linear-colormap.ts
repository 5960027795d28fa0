const f = Math.fround;

/**
 * OpenCV's `ColorMap::linear_colormap(X, r, g, b, 256)` with `X = linspace(0, 1, n)` (imgproc/src/colormap.cpp),
 * step for step in float32 so that the result is byte-identical to `cv2.applyColorMap`:
 *
 * 1. `linspace(0, 1, n)`: `step = (1 - 0) / (n - 1)` and `x[i] = 0 + i * step`, in float32.
 * 2. `interp1(X, channel, linspace(0, 1, 256))`: for each sample, a binary search for `X[low] < xi <= X[high]`,
 *    then `y[low] + (xi - X[low]) * (y[high] - y[low]) / (X[high] - X[low])`, in float32.
 * 3. `convertTo(CV_8U, 255.)`: `saturate_cast<uchar>(v * 255)` with round-half-to-even (`cvRound`).
 *
 * @param red - the base map's red channel, `n` values in `[0, 1]` at `linspace(0, 1, n)`.
 * @param green - the green channel.
 * @param blue - the blue channel.
 * @returns a 256-entry RGB table (768 bytes).
 */
export function opencvLinearColormap(
  red: ArrayLike<number>,
  green: ArrayLike<number>,
  blue: ArrayLike<number>,
): Uint8Array {
  const n = red.length;
  const x = linspace(n);
  const xi = linspace(256);
  const table = new Uint8Array(256 * 3);
  const channels = [Float32Array.from(red), Float32Array.from(green), Float32Array.from(blue)];
  for (let i = 0; i < 256; i++) {
    const value = xi[i]!;
    let low = 0;
    let high = n - 1;
    if (value < x[low]!) high = 1;
    if (value > x[high]!) low = high - 1;
    while (high - low > 1) {
      const c = low + ((high - low) >> 1);
      if (value > x[c]!) low = c;
      else high = c;
    }
    const dx = f(value - x[low]!);
    const span = f(x[high]! - x[low]!);
    channels.forEach((y, channel) => {
      const interpolated = f(y[low]! + f(f(dx * f(y[high]! - y[low]!)) / span));
      table[i * 3 + channel] = saturateRound(f(interpolated * 255));
    });
  }
  return table;
}

function linspace(n: number): Float32Array {
  const points = new Float32Array(n);
  const step = f(1 / (n - 1));
  for (let i = 0; i < n; i++) points[i] = f(i * step);
  return points;
}

/** `saturate_cast<uchar>(float)`: round half to even, then clamp to `[0, 255]`. */
function saturateRound(value: number): number {
  let rounded = Math.round(value);
  if (rounded - value === 0.5 && rounded % 2 !== 0) rounded -= 1;
  return Math.min(255, Math.max(0, rounded));
}
