import { seededRandom } from '@gradcam/core/testing';
import type { AttributeValue, InitializerSpec, ModelSpec, NodeSpec } from './build-model.js';

/** Random values in `[-scale, scale]` from a seed. */
export function randomValues(count: number, seed: number, scale = 1): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => random() * scale);
}

/** A constant with random values. */
export function randomConstant(
  name: string,
  dims: readonly number[],
  seed: number,
  scale = 1,
): InitializerSpec {
  return {
    name,
    dims,
    values: randomValues(
      dims.reduce((product, size) => product * size, 1),
      seed,
      scale,
    ),
  };
}

/** Options of {@link singleOp}. */
export interface SingleOpOptions {
  /** The operator. */
  readonly op: string;
  /** Shape of the input `x` (strings are free axes). */
  readonly input: readonly (number | string)[];
  /** Attributes of the node. */
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  /** Further inputs of the node, after `x` (names of `constants`, or `''` to omit one). */
  readonly inputs?: readonly string[];
  /** Constants. */
  readonly constants?: readonly InitializerSpec[];
  /** Nodes to run after the operator (reading `y`), the last one writing `out`. */
  readonly after?: readonly NodeSpec[];
  /** Number of outputs of the node (`y0, y1, ...` when more than one). @default 1 */
  readonly outputs?: number;
  /** @default 17 */
  readonly opset?: number;
}

/** A model `x → op → y` (→ `after` → `out`), for gradient checks. */
export function singleOp(options: SingleOpOptions): ModelSpec {
  const count = options.outputs ?? 1;
  const outputs = count === 1 ? ['y'] : Array.from({ length: count }, (_, index) => `y${index}`);
  const after = options.after ?? [];
  return {
    opset: options.opset ?? 17,
    inputs: [{ name: 'x', shape: options.input }],
    outputs: [after.length > 0 ? 'out' : outputs[0]!],
    initializers: options.constants ?? [],
    nodes: [
      {
        op: options.op,
        inputs: ['x', ...(options.inputs ?? [])],
        outputs,
        attributes: options.attributes ?? {},
      },
      ...after,
    ],
  };
}
