import { isSpatialLayer, isTokenLayer } from '../../choose-layer.js';
import { ShapeMismatchError } from '../../errors/shape-mismatch-error.js';
import { UnknownLayerError } from '../../errors/unknown-layer-error.js';
import type { LayerInfo } from '../v1/backend-v1.js';

/**
 * The names a user can pick from: the spatial layers ({@link isSpatialLayer}) and token layers
 * ({@link isTokenLayer}) when there are any, else all of them (what {@link UnknownLayerError} lists).
 */
export function candidateLayerNames(layers: readonly LayerInfo[]): string[] {
  const spatial = layers
    .filter((layer) => isSpatialLayer(layer) || isTokenLayer(layer))
    .map((layer) => layer.name);
  return spatial.length > 0 ? spatial : layers.map((layer) => layer.name);
}

/**
 * Checks that a layer asked for exists and has a 4-D (spatial) output, or is a token layer (3-D, `'ntc'`: core
 * reads its tokens as a grid), as every CAM method needs.
 *
 * @param name - the name asked for.
 * @param found - the layer the backend found for it, if any (backends may accept aliases, e.g. node names).
 * @param layers - the backend's layers, listed in the error when `found` is missing.
 * @throws {@link UnknownLayerError} when `found` is undefined, listing {@link candidateLayerNames}.
 * @throws {@link ShapeMismatchError} when the layer's output is neither 4-D nor tokens.
 */
export function requireSpatialLayer<Layer extends LayerInfo>(
  name: string,
  found: Layer | undefined,
  layers: readonly LayerInfo[],
): Layer {
  if (!found) throw new UnknownLayerError(name, candidateLayerNames(layers));
  const shape = found.outputShape;
  if (shape.length !== 4 && !isTokenLayer(found)) {
    throw new ShapeMismatchError(
      `Layer "${name}" (${found.kind}) has a ${shape.length}-D output [${shape.map((size) => size ?? '?').join(', ')}]; ` +
        'CAM methods need a 4-D (spatial) layer, e.g. the last convolution, or a token layer ' +
        '[batch, tokens, channels]. See listLayers().',
      { expected: [null, null, null, null], actual: shape.map((size) => size ?? -1) },
    );
  }
  return found;
}
