import { TokenGridError } from '../errors/token-grid-error.js';
import type { SpatialTensor, TokenTensor } from '../tensor.js';
import type { TokenGrid } from './token-grid.js';

/**
 * A token tensor `[N, tokens, C]` as the spatial map its patches form: the prefix tokens dropped, the rest read
 * row-major as `[N, height, width, C]` (`'nhwc'`). pytorch-grad-cam's ViT `reshape_transform` does the same
 * (then moves channels first, which changes no value).
 *
 * @param tokens - the layer's tokens.
 * @param grid - how they form a grid ({@link resolveTokenGrid}).
 * @throws {@link TokenGridError} when the grid does not fit the token count.
 */
export function tokensToGrid(tokens: TokenTensor, grid: TokenGrid): SpatialTensor {
  const [batch, count, channels] = tokens.shape;
  const { prefix, height, width } = grid;
  if (prefix + height * width !== count) {
    throw new TokenGridError(
      count,
      `A ${prefix} + ${height}x${width} grid needs ${prefix + height * width} tokens; the layer has ${count}.`,
    );
  }
  const sampleIn = count * channels;
  const sampleOut = height * width * channels;
  const data = new Float32Array(batch * sampleOut);
  for (let n = 0; n < batch; n++) {
    data.set(tokens.data.subarray(n * sampleIn + prefix * channels, (n + 1) * sampleIn), n * sampleOut);
  }
  return { data, shape: [batch, height, width, channels], layout: 'nhwc' };
}

/**
 * The inverse of {@link tokensToGrid}: a spatial map (either layout) back to tokens, with the given prefix
 * tokens put in front of each sample's patches.
 *
 * @param map - `[N, height, width, C]` or `[N, C, height, width]`.
 * @param prefix - `[N, prefix, C]` row-major (one row of prefix tokens per sample of `map`).
 * @param grid - the grid.
 */
export function gridToTokens(map: SpatialTensor, prefix: Float32Array, grid: TokenGrid): TokenTensor {
  const [batch] = map.shape;
  const { height, width } = grid;
  const channels = map.layout === 'nhwc' ? map.shape[3] : map.shape[1];
  const area = height * width;
  const count = grid.prefix + area;
  const data = new Float32Array(batch * count * channels);
  for (let n = 0; n < batch; n++) {
    const base = n * count * channels;
    data.set(prefix.subarray(n * grid.prefix * channels, (n + 1) * grid.prefix * channels), base);
    const patches = base + grid.prefix * channels;
    const sample = map.data.subarray(n * area * channels, (n + 1) * area * channels);
    if (map.layout === 'nhwc') {
      data.set(sample, patches);
    } else {
      for (let c = 0; c < channels; c++) {
        for (let cell = 0; cell < area; cell++)
          data[patches + cell * channels + c] = sample[c * area + cell]!;
      }
    }
  }
  return { data, shape: [batch, count, channels], layout: 'ntc' };
}
