import type { SampleGeometry } from './sample-geometry.js';

/**
 * The 1-D factor of RISE's blur kernel: `scipy.ndimage.gaussian_filter` (mode `'reflect'`, `truncate=4`) of a
 * unit impulse at the centre of `size` cells, as RISE's `gkern(klen=size, nsig=sigma)` builds it; the 2-D
 * kernel is the outer product of this vector with itself (the filter is separable).
 *
 * When `4 * sigma` fits in half the kernel this is the usual normalised, sampled Gaussian; with RISE's
 * `size = 11, sigma = 5` the Gaussian's tails are reflected back into the kernel, which makes it nearly flat
 * (weights 0.0880 to 0.0940). The weights sum to 1.
 *
 * @param size - kernel length, a positive odd integer.
 * @param sigma - standard deviation of the Gaussian, positive.
 */
export function riseGaussianKernel(size: number, sigma: number): Float64Array {
  checkKernelSize(size);
  if (!(Number.isFinite(sigma) && sigma > 0)) {
    throw new RangeError(`A Gaussian blur's sigma must be a positive number, got ${sigma}.`);
  }
  const radius = Math.floor(4 * sigma + 0.5);
  const gaussian = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let offset = -radius; offset <= radius; offset++) {
    const weight = Math.exp((-0.5 * offset * offset) / (sigma * sigma));
    gaussian[offset + radius] = weight;
    total += weight;
  }
  const centre = size >> 1;
  const kernel = new Float64Array(size);
  for (let index = 0; index < size; index++) {
    let sum = 0;
    for (let offset = -radius; offset <= radius; offset++) {
      if (reflect(index + offset, size) === centre) sum += gaussian[offset + radius]!;
    }
    kernel[index] = sum / total;
  }
  return kernel;
}

/**
 * The 1-D factor of a box blur: `size` weights of `1 / size`.
 *
 * @param size - kernel length, a positive odd integer.
 */
export function boxKernel(size: number): Float64Array {
  checkKernelSize(size);
  return new Float64Array(size).fill(1 / size);
}

/**
 * Blurs every channel of one sample with the separable kernel `kernel ⊗ kernel`, keeping the size, with zero
 * padding outside the image (as RISE's `conv2d(x, kernel, padding=size // 2)` does: the edges darken).
 *
 * @param source - the sample's values (`geometry.size`, in its layout).
 * @param geometry - the sample's geometry.
 * @param kernel - the 1-D kernel, odd length.
 * @returns a new array, same geometry.
 */
export function blurSample(
  source: Float32Array,
  geometry: SampleGeometry,
  kernel: Float64Array,
): Float32Array {
  const { channels, height, width, pixelStride, channelStride } = geometry;
  const radius = kernel.length >> 1;
  const out = new Float32Array(geometry.size);
  const rows = new Float64Array(height * width);
  for (let c = 0; c < channels; c++) {
    const base = c * channelStride;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        const from = Math.max(0, x - radius);
        const to = Math.min(width - 1, x + radius);
        for (let xx = from; xx <= to; xx++) {
          sum += kernel[xx - x + radius]! * source[base + (y * width + xx) * pixelStride]!;
        }
        rows[y * width + x] = sum;
      }
    }
    for (let y = 0; y < height; y++) {
      const from = Math.max(0, y - radius);
      const to = Math.min(height - 1, y + radius);
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let yy = from; yy <= to; yy++) sum += kernel[yy - y + radius]! * rows[yy * width + x]!;
        out[base + (y * width + x) * pixelStride] = sum;
      }
    }
  }
  return out;
}

function checkKernelSize(size: number): void {
  if (!(Number.isInteger(size) && size > 0 && size % 2 === 1)) {
    throw new RangeError(`A blur kernel's size must be a positive odd integer, got ${size}.`);
  }
}

/** scipy's `'reflect'` extension (`d c b a | a b c d | d c b a`): the cell `index` stands for. */
function reflect(index: number, size: number): number {
  const period = 2 * size;
  const folded = ((index % period) + period) % period;
  return folded < size ? folded : period - 1 - folded;
}
