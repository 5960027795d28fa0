import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { type HeatMap, type SpatialTensor, spatialDimensions } from '../tensor.js';

/**
 * Guided Grad-CAM (Selvaraju et al. 2017): Guided Backpropagation times the Grad-CAM map, channel by channel
 * (`guided[n, c, y, x] * cam[n][y, x]`), as pytorch-grad-cam's example does with `cam_mask * gb`. The maps are
 * the Grad-CAM maps at input resolution (`Explanation.samples[n].map`, in `[0, 1]`).
 *
 * @param guided - Guided Backpropagation, `[N, C, H, W]` or `[N, H, W, C]`.
 * @param maps - one map of `H x W` per sample.
 * @throws `ShapeMismatchError` when a map's size or the number of maps differs from the gradient's.
 */
export function guidedGradCam(guided: SpatialTensor, maps: readonly HeatMap[]): SpatialTensor {
  const { batch, channels, height, width } = spatialDimensions(guided.shape, guided.layout);
  if (maps.length !== batch || maps.some((map) => map.height !== height || map.width !== width)) {
    throw new ShapeMismatchError(
      `Guided Grad-CAM needs one ${height}x${width} map per sample (${batch}); got ` +
        `${maps.map((map) => `${map.height}x${map.width}`).join(', ') || 'none'}.`,
    );
  }
  const data = new Float32Array(guided.data.length);
  const area = height * width;
  for (let n = 0; n < batch; n++) {
    const map = maps[n]!.data;
    for (let pixel = 0; pixel < area; pixel++) {
      for (let c = 0; c < channels; c++) {
        const index =
          guided.layout === 'nchw' ? (n * channels + c) * area + pixel : (n * area + pixel) * channels + c;
        data[index] = guided.data[index]! * map[pixel]!;
      }
    }
  }
  return { data, shape: guided.shape, layout: guided.layout };
}
