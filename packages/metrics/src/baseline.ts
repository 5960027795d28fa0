import { blurSample, boxKernel, riseGaussianKernel } from './blur.js';
import type { SampleGeometry } from './sample-geometry.js';

/**
 * What replaces removed pixels (deletion) or what pixels are inserted into (insertion):
 *
 * - `'zero'`: zeros (RISE's deletion substrate). In the preprocessed input space, so zero is the dataset mean
 *   for mean-subtracted inputs.
 * - `'blur'`: RISE's insertion substrate, the input blurred with its 11x11, sigma 5 kernel
 *   (`{ kind: 'gaussian-blur', size: 11, sigma: 5 }`).
 * - a number: that constant in every channel.
 * - `{ kind: 'gaussian-blur', size?, sigma? }`: the input blurred with {@link riseGaussianKernel}
 *   (defaults 11 and 5), zero padding.
 * - `{ kind: 'box-blur', size? }`: the input blurred with a `size x size` mean filter (default 11), zero padding.
 */
export type Baseline =
  | 'zero'
  | 'blur'
  | number
  | { readonly kind: 'gaussian-blur'; readonly size?: number; readonly sigma?: number }
  | { readonly kind: 'box-blur'; readonly size?: number };

/** Builds the baseline image of one sample. */
export type BaselineBuilder = (source: Float32Array, geometry: SampleGeometry) => Float32Array;

/**
 * Validates a {@link Baseline} and returns the function that builds it for a sample.
 *
 * @param baseline - the baseline.
 * @param option - the option's name, for messages.
 * @throws `RangeError` for an unknown baseline, a non-finite constant or a bad kernel size or sigma.
 */
export function baselineBuilder(baseline: Baseline, option: string): BaselineBuilder {
  if (baseline === 'zero') return (_, geometry) => new Float32Array(geometry.size);
  if (typeof baseline === 'number') {
    if (!Number.isFinite(baseline))
      throw new RangeError(`${option} must be a finite number, got ${baseline}.`);
    return (_, geometry) => new Float32Array(geometry.size).fill(baseline);
  }
  let kernel: Float64Array;
  if (baseline === 'blur') kernel = riseGaussianKernel(11, 5);
  else if (typeof baseline === 'object' && baseline !== null && baseline.kind === 'gaussian-blur') {
    kernel = withOption(option, () => riseGaussianKernel(baseline.size ?? 11, baseline.sigma ?? 5));
  } else if (typeof baseline === 'object' && baseline !== null && baseline.kind === 'box-blur') {
    kernel = withOption(option, () => boxKernel(baseline.size ?? 11));
  } else {
    throw new RangeError(
      `${option} must be 'zero', 'blur', a number, { kind: 'gaussian-blur' } or { kind: 'box-blur' }; got ${JSON.stringify(baseline)}.`,
    );
  }
  return (source, geometry) => blurSample(source, geometry, kernel);
}

function withOption<T>(option: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof RangeError) throw new RangeError(`${option}: ${error.message}`);
    throw error;
  }
}
