import { InvalidModelError } from '@gradcam/core';
import { UnsupportedLayerError } from '../errors/unsupported-layer-error.js';
import type { GraphBuilder } from '../graph/graph-builder.js';
import { DataType } from '../proto/data-type.js';
import type { KerasLayer } from './keras-topology.js';
import type { DecodedWeight } from './read-weights.js';

/** A Keras tensor as the exported graph holds it. */
export interface ExportValue {
  /** The ONNX tensor's name. */
  readonly name: string;
  /** The Keras shape (channels last), `null` for free axes. */
  readonly shape: readonly (number | null)[];
  /** True for a 4-D Keras (NHWC) tensor held as NCHW in the ONNX graph. */
  readonly channelsFirst: boolean;
}

/** What a layer converter works with: the layer, the graph being built and the model's weights. */
export class LayerContext {
  /** The layer being converted. */
  readonly layer: KerasLayer;
  /** Emits the layer's nodes and constants. */
  readonly builder: GraphBuilder;
  private readonly weights: ReadonlyMap<string, DecodedWeight>;

  constructor(layer: KerasLayer, builder: GraphBuilder, weights: ReadonlyMap<string, DecodedWeight>) {
    this.layer = layer;
    this.builder = builder;
    this.weights = weights;
  }

  /** The layer's config value `key`, or `fallback` when absent or null. */
  option<T>(key: string, fallback: T): T {
    const value = this.layer.config[key];
    return value === undefined || value === null ? fallback : (value as T);
  }

  /** A config value that is one integer or one per spatial axis, as a pair. */
  pair(key: string, fallback: readonly [number, number]): [number, number] {
    const value = this.layer.config[key];
    if (value === undefined || value === null) return [fallback[0], fallback[1]];
    if (typeof value === 'number') return [value, value];
    if (Array.isArray(value) && value.length === 2 && value.every((item) => Number.isInteger(item))) {
      return [value[0] as number, value[1] as number];
    }
    if (Array.isArray(value) && value.length === 1 && Number.isInteger(value[0])) {
      return [value[0] as number, value[0] as number];
    }
    throw this.unsupported(`${key} ${JSON.stringify(value)}`, ['an integer or a pair of integers']);
  }

  /** An {@link UnsupportedLayerError} for this layer. */
  unsupported(problem: string, supported: readonly string[]): UnsupportedLayerError {
    return new UnsupportedLayerError(this.layer.name, this.layer.className, problem, supported);
  }

  /** Throws unless the config value `key` is one of `allowed` (absent counts as `fallback`). */
  expectOption(key: string, allowed: readonly unknown[], fallback: unknown): void {
    const value = this.option(key, fallback);
    if (!allowed.includes(value)) {
      throw this.unsupported(
        `${key} ${JSON.stringify(value)}`,
        allowed.map((item) => `${key} ${JSON.stringify(item)}`),
      );
    }
  }

  /** Throws unless the layer takes `count` inputs. */
  expectInputs(inputs: readonly ExportValue[], count: number): void {
    if (inputs.length !== count) {
      throw this.unsupported(`it takes ${inputs.length} inputs`, [`${count} input${count === 1 ? '' : 's'}`]);
    }
  }

  /** Throws unless `value` is a 4-D (image) tensor. */
  expectImage(value: ExportValue): void {
    if (value.shape.length !== 4) {
      throw this.unsupported(`its input has ${value.shape.length} axes [${shapeText(value.shape)}]`, [
        '4-D [batch, height, width, channels] inputs',
      ]);
    }
  }

  /**
   * The layer's weight `param` (`kernel`, `bias`, `gamma`, ...): `<layer>/<param>`, or the one weight under
   * `<layer>/` ending in `/<param>`.
   *
   * @param expected - the shape it must have (`null` for a size not checked).
   * @throws {@link InvalidModelError} when it is missing or has another shape.
   */
  weight(param: string, expected: readonly (number | null)[]): Float32Array {
    const name = this.layer.name;
    let weight = this.weights.get(`${name}/${param}`);
    if (!weight) {
      const candidates = [...this.weights.keys()].filter(
        (key) => key.startsWith(`${name}/`) && key.endsWith(`/${param}`),
      );
      if (candidates.length === 1) weight = this.weights.get(candidates[0]!);
    }
    if (!weight) {
      throw new InvalidModelError(
        `The weights have no "${name}/${param}", which layer "${name}" (${this.layer.className}) needs.`,
      );
    }
    const fits =
      weight.shape.length === expected.length &&
      expected.every((size, axis) => size === null || size === weight.shape[axis]);
    if (!fits) {
      throw new InvalidModelError(
        `The weight "${name}/${param}" has shape [${weight.shape.join(', ')}]; layer "${name}" ` +
          `(${this.layer.className}) needs [${shapeText(expected)}].`,
      );
    }
    return weight.values;
  }

  /** A float32 initializer named after the layer, e.g. `conv2d_1/kernel`. */
  constant(param: string, values: ArrayLike<number>, dims: readonly number[]): string {
    return this.builder.constant(values, dims, DataType.FLOAT, `${this.layer.name}/${param}`);
  }

  /** Emits a single-output node, its output named after the layer and the operator. */
  op(opType: string, inputs: readonly string[], attributes: Parameters<GraphBuilder['op']>[2] = []): string {
    return this.builder.op(opType, inputs, attributes, undefined, `${this.layer.name}/${opType}`);
  }
}

/** A shape as text, `?` for free axes. */
export function shapeText(shape: readonly (number | null)[]): string {
  return shape.map((size) => size ?? '?').join(', ');
}
