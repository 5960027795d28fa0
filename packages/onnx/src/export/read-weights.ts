import { halfToFloat, InvalidModelError } from '@gradcam/core';
import type { LayersModelArtifacts, LayersModelWeightSpec } from './layers-model-artifacts.js';

/** A weight decoded to float32. */
export interface DecodedWeight {
  /** The weight's shape as stored (Keras order). */
  readonly shape: readonly number[];
  /** The values, row-major. */
  readonly values: Float32Array;
}

const storedBytes: Record<string, number> = {
  float32: 4,
  int32: 4,
  uint8: 1,
  uint16: 2,
  float16: 2,
  bool: 1,
};

/**
 * Decodes every weight of the artifacts to float32, by name (a `:0` suffix dropped), from `weightData` laid out
 * in the order of the weight specs. Quantized weights (uint8, uint16, float16) are dequantized.
 *
 * @throws {@link InvalidModelError} when the specs are missing, a weight has a type that is not a float, or the
 * data is shorter than the specs need.
 */
export function readWeights(artifacts: LayersModelArtifacts): Map<string, DecodedWeight> {
  const specs: readonly LayersModelWeightSpec[] =
    artifacts.weightSpecs ?? (artifacts.weightsManifest ?? []).flatMap((group) => group.weights);
  const bytes = weightBytes(artifacts.weightData);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Map<string, DecodedWeight>();
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((product, size) => product * size, 1);
    const stored = spec.quantization?.dtype ?? spec.dtype;
    const size = storedBytes[stored];
    if (size === undefined) {
      throw new InvalidModelError(`The weight "${spec.name}" is stored as ${stored}, which cannot be read.`);
    }
    if (offset + count * size > bytes.byteLength) {
      throw new InvalidModelError(
        `The weight data is truncated: "${spec.name}" needs bytes ${offset} to ${offset + count * size}, ` +
          `the data holds ${bytes.byteLength}.`,
      );
    }
    if (spec.dtype !== 'float32') {
      // Integer weights (none of the exported layers has any) are skipped, not decoded.
      offset += count * size;
      continue;
    }
    const values = new Float32Array(count);
    const { scale = 1, min = 0 } = spec.quantization ?? {};
    for (let index = 0; index < count; index++) {
      const at = offset + index * size;
      switch (stored) {
        case 'float32':
          values[index] = view.getFloat32(at, true);
          break;
        case 'float16':
          values[index] = halfToFloat(view.getUint16(at, true));
          break;
        case 'uint8':
          values[index] = view.getUint8(at) * scale + min;
          break;
        case 'uint16':
          values[index] = view.getUint16(at, true) * scale + min;
          break;
        default:
          throw new InvalidModelError(`The float weight "${spec.name}" is stored as ${stored}.`);
      }
    }
    offset += count * size;
    weights.set(spec.name.replace(/:0$/, ''), { shape: [...spec.shape], values });
  }
  return weights;
}

function weightBytes(data: LayersModelArtifacts['weightData']): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const shards = data as readonly ArrayBuffer[];
  const total = shards.reduce((sum, shard) => sum + shard.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    joined.set(new Uint8Array(shard), offset);
    offset += shard.byteLength;
  }
  return joined;
}
