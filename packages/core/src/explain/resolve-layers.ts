import { candidateLayerNames } from '../backend/toolkit/spatial-layer.js';
import type { Backend, LayerInfo } from '../backend/v1/backend-v1.js';
import { chooseLayer } from '../choose-layer.js';
import { UnknownLayerError } from '../errors/unknown-layer-error.js';

/**
 * Resolves the layer to explain at: the one named (checked against the backend's layers), or the automatic
 * choice ({@link chooseLayer}).
 *
 * @throws {@link UnknownLayerError} when the name is not one of the backend's layers, or the model has no
 * spatial layer.
 */
export async function resolveLayer(backend: Backend, layer?: string): Promise<LayerInfo> {
  return pickLayer(await backend.listLayers(), layer);
}

/**
 * The names of the layers `explain` computes maps at: each one asked for, checked, or the automatic choice.
 *
 * @throws {RangeError} for an empty list.
 * @throws {@link UnknownLayerError} as {@link resolveLayer}.
 */
export async function resolveLayers(
  backend: Backend,
  layer: string | readonly string[] | undefined,
): Promise<string[]> {
  const requested = layer === undefined ? [undefined] : [layer].flat();
  if (requested.length === 0) throw new RangeError('`layer` is an empty list: name at least one layer.');
  const layers = await backend.listLayers();
  return requested.map((name) => pickLayer(layers, name).name);
}

function pickLayer(layers: readonly LayerInfo[], layer: string | undefined): LayerInfo {
  if (layer === undefined) {
    const chosen = chooseLayer(layers);
    if (!chosen)
      throw new UnknownLayerError(
        '(automatic: no layer with a spatial or token output)',
        candidateLayerNames(layers),
      );
    return chosen;
  }
  const found = layers.find((candidate) => candidate.name === layer);
  if (!found) throw new UnknownLayerError(layer, candidateLayerNames(layers));
  return found;
}
