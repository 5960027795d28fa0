import type { LayerInfo } from './backend/v1/backend-v1.js';

/**
 * True when a layer's output is 4-D with a spatial extent larger than one cell (unknown sizes count as
 * spatial): the layers a CAM can be computed at.
 */
export function isSpatialLayer(layer: LayerInfo): boolean {
  if (layer.outputShape.length !== 4 || layer.layout === 'ntc') return false;
  const [, a, b, c] = layer.outputShape;
  const [height, width] = layer.layout === 'nhwc' ? [a, b] : [b, c];
  const size = (height ?? 2) * (width ?? 2);
  return size > 1;
}

/**
 * True when a layer is a token layer: a 3-D output `[batch, tokens, channels]` marked `layout: 'ntc'` by the
 * backend (a transformer block's tokens), explained on the grid its patch tokens form.
 */
export function isTokenLayer(layer: LayerInfo): boolean {
  return layer.layout === 'ntc' && layer.outputShape.length === 3;
}

const isLayerNorm = (layer: LayerInfo) => /layer.?norm/i.test(layer.kind);
const isAttention = (layer: LayerInfo) =>
  /softmax|attention/i.test(layer.kind) && layer.outputShape.length >= 3;

/**
 * The automatic choice for a transformer (a model with token layers): pytorch-grad-cam's, the last block's
 * first LayerNorm (`blocks[-1].norm1` in timm, `encoder.layers[-1].ln_1` in torchvision). Read from the
 * layers in execution order:
 *
 * 1. When the backend lists attention tensors (kind `Softmax` or `*Attention`, 3-D or more), the last token
 *    layer made by a LayerNorm before the last attention.
 * 2. Otherwise from the LayerNorm token layers alone: pre-norm blocks have two each and most models end in one
 *    more (the final norm), so with an odd count the third from last, with an even count the second from
 *    last.
 * 3. Without attention or LayerNorm token layers the model is not recognisably a transformer (a CNN that
 *    reshapes a feature map to 3-D, a decomposed LayerNorm): `undefined`, and {@link chooseLayer} prefers the
 *    last spatial layer.
 *
 * `undefined` when the model has no token layer.
 *
 * @param layers - the backend's layers in execution order.
 */
export function chooseTokenLayer(layers: readonly LayerInfo[]): LayerInfo | undefined {
  const tokens = layers.map((layer, index) => ({ layer, index })).filter(({ layer }) => isTokenLayer(layer));
  if (tokens.length === 0) return undefined;
  let lastAttention = -1;
  layers.forEach((layer, index) => {
    if (isAttention(layer)) lastAttention = index;
  });
  const norms = tokens.filter(({ layer }) => isLayerNorm(layer));
  if (lastAttention >= 0) {
    const chosen = norms.filter(({ index }) => index < lastAttention).at(-1)?.layer;
    if (chosen) return chosen;
  }
  if (norms.length >= 2)
    return norms[norms.length - (norms.length % 2 === 1 ? 3 : 2)]?.layer ?? norms[0]!.layer;
  if (norms.length === 1) return norms[0]!.layer;
  return tokens.at(-1)!.layer;
}

/**
 * The automatic choice of target layer. For a CNN: the last layer, in execution order, whose output is spatial
 * (4-D with more than one cell), i.e. the last convolutional feature map before the classifier head. For a
 * transformer (token layers with attention or LayerNorms): the last block's first LayerNorm
 * ({@link chooseTokenLayer}). A model with token layers but neither: the last spatial layer, else the last token
 * layer. `undefined` when the model has neither spatial nor token layers.
 *
 * @param layers - the backend's layers in execution order (`backend.listLayers()`).
 */
export function chooseLayer(layers: readonly LayerInfo[]): LayerInfo | undefined {
  const token = chooseTokenLayer(layers);
  if (token) return token;
  for (let index = layers.length - 1; index >= 0; index--) {
    if (isSpatialLayer(layers[index]!)) return layers[index];
  }
  for (let index = layers.length - 1; index >= 0; index--) {
    if (isTokenLayer(layers[index]!)) return layers[index];
  }
  return undefined;
}
