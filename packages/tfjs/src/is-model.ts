import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * True when `model` looks like a TensorFlow.js `LayersModel` (functional or `Sequential`), from any copy of
 * `@tensorflow/tfjs-layers`. Checked by shape rather than `instanceof` so that duplicate installs work.
 */
export function isLayersModel(model: unknown): model is LayersModel {
  if (typeof model !== 'object' || model === null) return false;
  const candidate = model as Record<string, unknown>;
  return (
    Array.isArray(candidate.layers) &&
    Array.isArray(candidate.inputs) &&
    Array.isArray(candidate.outputs) &&
    typeof candidate.nodesByDepth === 'object' &&
    typeof candidate.predict === 'function'
  );
}

/**
 * True when `model` looks like a TensorFlow.js `GraphModel` (a converted SavedModel or frozen graph), from any
 * copy of `@tensorflow/tfjs-converter`.
 */
export function isGraphModel(model: unknown): model is GraphModel {
  if (typeof model !== 'object' || model === null) return false;
  const candidate = model as Record<string, unknown>;
  return (
    typeof candidate.execute === 'function' &&
    typeof candidate.executeAsync === 'function' &&
    Array.isArray(candidate.inputNodes) &&
    Array.isArray(candidate.outputNodes)
  );
}
