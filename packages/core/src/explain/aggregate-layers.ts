import { minMaxNormalize } from '../math/min-max-normalize.js';
import { relu } from '../math/relu.js';
import { resizeBilinear } from '../math/resize-bilinear.js';
import type { HeatMap } from '../tensor.js';
import type { LayerPass } from './layer-pass.js';

/** Per layer pass and sample, the map after ReLU (the `coarse` maps of the result). */
export function rectifyPasses(passes: readonly LayerPass[]): HeatMap[][] {
  return passes.map((pass) => pass.maps.map(relu));
}

/**
 * pytorch-grad-cam's per-layer scaling and multi-layer aggregation (`scale_cam_image`, `aggregate_multi_layers`):
 * each map (after ReLU) is min-max normalised and resized; the maps are averaged and min-max normalised again.
 * For one layer this is `minmax(resize(minmax(map)))`.
 */
export function aggregateLayers(maps: readonly HeatMap[], height: number, width: number): HeatMap {
  const resized = maps.map((map) => resizeBilinear(minMaxNormalize(map), height, width));
  if (resized.length === 1) return minMaxNormalize(resized[0]!);
  const mean = new Float32Array(height * width);
  for (const map of resized) {
    for (let index = 0; index < mean.length; index++)
      mean[index]! += Math.max(map.data[index]!, 0) / resized.length;
  }
  return minMaxNormalize({ data: mean, height, width });
}

/** Per sample, the aggregated map of the rectified maps of every layer ({@link aggregateLayers}). */
export function aggregateSamples(rectified: readonly HeatMap[][], height: number, width: number): HeatMap[] {
  return rectified[0]!.map((_, sample) =>
    aggregateLayers(
      rectified.map((maps) => maps[sample]!),
      height,
      width,
    ),
  );
}
