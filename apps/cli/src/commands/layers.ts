import { chooseLayer, isSpatialLayer, isTokenLayer } from '@gradcam/core';
import { exitCodes } from '../exit-codes.js';
import { ignoredModelOptionsNote } from '../onnx-session-options.js';
import { openModel } from '../open-model.js';
import type { RunOptions } from '../run-options.js';

/**
 * `gradcam layers`: prints the layers (spatial ones and a transformer's token layers are candidates; the
 * automatic choice is marked).
 */
export async function runLayers(options: RunOptions): Promise<number> {
  const ignored = ignoredModelOptionsNote(options.model);
  if (ignored) process.stderr.write(`note: ${ignored}\n`);
  const model = await openModel(options.model);
  try {
    const layers = await model.backend.listLayers();
    const chosen = chooseLayer(layers)?.name;
    if (options.json) {
      const rows = layers.map((layer) => ({
        ...layer,
        candidate: isSpatialLayer(layer) || isTokenLayer(layer),
        tokens: isTokenLayer(layer),
        automatic: layer.name === chosen,
      }));
      process.stdout.write(`${JSON.stringify({ model: model.description, layers: rows }, null, 2)}\n`);
      return exitCodes.ok;
    }
    process.stdout.write(`${model.description}\n`);
    const nameWidth = Math.min(60, Math.max(...layers.map((layer) => layer.name.length)));
    for (const layer of layers) {
      const shape = `[${layer.outputShape.map((size) => size ?? 'N').join(', ')}]${layer.layout ? ` ${layer.layout}` : ''}`;
      const kind = isTokenLayer(layer) ? '  (tokens)' : isSpatialLayer(layer) ? '' : '  (not spatial)';
      const mark = layer.name === chosen ? `${kind}  ← automatic choice` : kind;
      process.stdout.write(`  ${layer.name.padEnd(nameWidth)}  ${layer.kind.padEnd(22)} ${shape}${mark}\n`);
    }
    return exitCodes.ok;
  } finally {
    await model.dispose();
  }
}
