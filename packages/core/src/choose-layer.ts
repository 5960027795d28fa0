import type { LayerInfo } from './backend/v1/backend-v1.js';

/**
 * True when a layer's output is 4-D with a spatial extent larger than one cell (unknown sizes count as
 * spatial): the layers a CAM can be computed at.
 */
export function isSpatialLayer(layer: LayerInfo): boolean {
  if (layer.outputShape.length !== 4) return false;
  const [, a, b, c] = layer.outputShape;
  const [height, width] = layer.layout === 'nhwc' ? [a, b] : [b, c];
  const size = (height ?? 2) * (width ?? 2);
  return size > 1;
}

/**
 * The automatic choice of target layer: the last layer, in execution order, whose output is spatial (4-D with
 * more than one cell), i.e. the last convolutional feature map before the classifier head. `undefined` when
 * the model has none.
 *
 * @param layers - the backend's layers in execution order (`backend.listLayers()`).
 */
export function chooseLayer(layers: readonly LayerInfo[]): LayerInfo | undefined {
  for (let index = layers.length - 1; index >= 0; index--) {
    if (isSpatialLayer(layers[index]!)) return layers[index];
  }
  return undefined;
}
