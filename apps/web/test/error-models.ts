// Two small ONNX models that @gradcam/onnx refuses in ways the page must report: several inputs, and an
// operator its backward pass does not know (Sin) between a layer and the scores. Built with @gradcam/onnx's own
// test model builder, imported by path at run time (it is a test helper, not part of the package's API, and
// outside this project's TypeScript root).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface NodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, number | readonly number[]>>;
  readonly name?: string;
}
interface ModelSpec {
  readonly opset?: number;
  readonly inputs: readonly { name: string; shape: readonly (number | string)[] }[];
  readonly outputs: readonly string[];
  readonly nodes: readonly NodeSpec[];
  readonly initializers?: readonly unknown[];
}
const helpers = join(dirname(fileURLToPath(import.meta.url)), '../../../packages/onnx/test/helpers');
const { buildModel } = (await import(pathToFileURL(join(helpers, 'build-model.ts')).href)) as {
  buildModel(spec: ModelSpec): Uint8Array;
};
const { randomConstant } = (await import(pathToFileURL(join(helpers, 'single-op.ts')).href)) as {
  randomConstant(name: string, dims: readonly number[], seed: number): unknown;
};

const head: ModelSpec['nodes'] = [
  { op: 'GlobalAveragePool', inputs: ['r2'], outputs: ['pool'] },
  { op: 'Flatten', inputs: ['pool'], outputs: ['flat'] },
  { op: 'Gemm', inputs: ['flat', 'dense', 'bias'], outputs: ['logits'], attributes: { transB: 1 } },
];
const weights = [
  randomConstant('w1', [4, 3, 3, 3], 1),
  randomConstant('w2', [4, 4, 3, 3], 2),
  randomConstant('dense', [5, 4], 3),
  randomConstant('bias', [5], 4),
];

/** image [1, 3, 16, 16] → conv → relu (r1) → sin → conv → relu (r2) → pool → 5 logits. */
export const sineModel: Uint8Array = buildModel({
  opset: 13,
  inputs: [{ name: 'image', shape: [1, 3, 16, 16] }],
  outputs: ['logits'],
  initializers: weights,
  nodes: [
    {
      op: 'Conv',
      inputs: ['image', 'w1'],
      outputs: ['c1'],
      attributes: { pads: [1, 1, 1, 1] },
      name: 'conv1',
    },
    { op: 'Relu', inputs: ['c1'], outputs: ['r1'], name: 'relu1' },
    { op: 'Sin', inputs: ['r1'], outputs: ['s1'], name: 'sine' },
    { op: 'Conv', inputs: ['s1', 'w2'], outputs: ['c2'], attributes: { pads: [1, 1, 1, 1] }, name: 'conv2' },
    { op: 'Relu', inputs: ['c2'], outputs: ['r2'], name: 'relu2' },
    ...head,
  ],
});

/** Two image inputs added together. */
export const twoInputModel: Uint8Array = buildModel({
  opset: 13,
  inputs: [
    { name: 'left', shape: [1, 3, 16, 16] },
    { name: 'right', shape: [1, 3, 16, 16] },
  ],
  outputs: ['logits'],
  initializers: weights,
  nodes: [
    { op: 'Add', inputs: ['left', 'right'], outputs: ['both'] },
    { op: 'Conv', inputs: ['both', 'w1'], outputs: ['c1'], attributes: { pads: [1, 1, 1, 1] } },
    { op: 'Relu', inputs: ['c1'], outputs: ['r1'] },
    { op: 'Conv', inputs: ['r1', 'w2'], outputs: ['c2'], attributes: { pads: [1, 1, 1, 1] } },
    { op: 'Relu', inputs: ['c2'], outputs: ['r2'] },
    ...head,
  ],
});
