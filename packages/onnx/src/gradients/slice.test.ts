import { describe, it } from 'vitest';
import type { ModelSpec } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { singleOp } from '../../test/helpers/single-op.js';
import { DataType } from '../proto/data-type.js';

const ints = (name: string, values: number[]) => ({
  name,
  dims: [values.length],
  values,
  type: DataType.INT64,
});

describe('Slice and Pad backward against finite differences', () => {
  it('Slice opset 9 (attributes)', async () => {
    const model = singleOp({
      op: 'Slice',
      input: [3, 5],
      opset: 9,
      attributes: { starts: [1, 1], ends: [3, 4], axes: [0, 1] },
    });
    await expectGradientMatches('Slice opset 9', { model });
  });
  it('Slice opset 13 with negative bounds and a subset of axes, dynamic batch', async () => {
    const model = singleOp({
      op: 'Slice',
      input: ['N', 3, 6],
      opset: 13,
      inputs: ['starts', 'ends', 'axes'],
      constants: [ints('starts', [-5, 1]), ints('ends', [-1, 1000]), ints('axes', [2, 1])],
    });
    await expectGradientMatches('Slice opset 13', { model, batch: 2 });
  });
  it('Slice with steps 1 given and the batch axis kept whole', async () => {
    const model = singleOp({
      op: 'Slice',
      input: ['N', 4],
      opset: 13,
      inputs: ['starts', 'ends', 'axes', 'steps'],
      constants: [
        ints('starts', [0, 1]),
        ints('ends', [2 ** 62, 3]),
        ints('axes', [0, 1]),
        ints('steps', [1, 1]),
      ],
    });
    await expectGradientMatches('Slice with steps', { model, batch: 2 });
  });
  it('Pad opset 7 (pads attribute)', async () => {
    const model = singleOp({
      op: 'Pad',
      input: [1, 2, 3, 3],
      opset: 7,
      attributes: { pads: [0, 0, 1, 2, 0, 0, 2, 0] },
    });
    await expectGradientMatches('Pad opset 7', { model });
  });
  it('Pad opset 13 (pads input), dynamic batch', async () => {
    const model = singleOp({
      op: 'Pad',
      input: ['N', 2, 3],
      opset: 13,
      inputs: ['pads'],
      constants: [ints('pads', [0, 1, 0, 0, 0, 2])],
    });
    await expectGradientMatches('Pad opset 13', { model, batch: 2 });
  });
  it('Pad opset 18 with axes', async () => {
    const model = singleOp({
      op: 'Pad',
      input: [2, 3, 4],
      opset: 18,
      inputs: ['pads', '', 'axes'],
      constants: [ints('pads', [1, 0, 2, 3]), ints('axes', [-1, 1])],
    });
    await expectGradientMatches('Pad opset 18 axes', { model });
  });
  it('bounds computed from the shape as attention exports split q, k, v (Shape → Gather → Div → Mul), batch 2', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: ['N', 4, 6] }],
      outputs: ['out'],
      initializers: [
        ints('last', [-1]),
        ints('zero', [0]),
        { name: 'axis', dims: [], values: [2], type: DataType.INT64 },
        { name: 'three', dims: [], values: [3], type: DataType.INT64 },
        { name: 'two', dims: [], values: [2], type: DataType.INT64 },
        ints('flat', [0, -1]),
      ],
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['shape'] },
        { op: 'Gather', inputs: ['shape', 'axis'], outputs: ['width'], attributes: { axis: 0 } },
        { op: 'Div', inputs: ['width', 'three'], outputs: ['third'] },
        { op: 'Mul', inputs: ['third', 'two'], outputs: ['end'] },
        { op: 'Unsqueeze', inputs: ['third', 'zero'], outputs: ['starts'] },
        { op: 'Unsqueeze', inputs: ['end', 'zero'], outputs: ['ends'] },
        { op: 'Slice', inputs: ['x', 'starts', 'ends', 'last'], outputs: ['middle'] },
        { op: 'Reshape', inputs: ['middle', 'flat'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Slice with computed bounds', { model, batch: 2 });
  });

  it.each([
    ['x[:, :, 0::2, 0::2]', [0, 0], [6, 6], [2, 3], [2, 2]],
    ['x[:, :, 1::2, 1::2]', [1, 1], [6, 6], [2, 3], [2, 2]],
    ['step 3 along the last axis, ending inside a stride (7 → positions 1, 4)', [1], [6], [3], [3]],
    ['step 2 with a negative start and an end past the edge', [-5], [100], [2], [2]],
  ])('strided Slice %s', async (_, starts, ends, axes, steps) => {
    const model = singleOp({
      op: 'Slice',
      input: [1, 2, 6, 7],
      inputs: ['starts', 'ends', 'axes', 'steps'],
      constants: [ints('starts', starts), ints('ends', ends), ints('axes', axes), ints('steps', steps)],
      after: [{ op: 'Reshape', inputs: ['y', 'flat'], outputs: ['out'] }],
    });
    const withFlat = { ...model, initializers: [...(model.initializers ?? []), ints('flat', [1, -1])] };
    await expectGradientMatches(`strided Slice ${starts}:${ends}:${steps} on ${axes}`, { model: withFlat });
  });

  it("Swin's patch merging: four strided slices concatenated on channels, batch 2", async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: ['N', 4, 4, 3] }],
      outputs: ['out'],
      initializers: [
        ints('zero', [0, 0]),
        ints('one0', [1, 0]),
        ints('zero1', [0, 1]),
        ints('one1', [1, 1]),
        ints('end', [4, 4]),
        ints('axes', [1, 2]),
        ints('steps', [2, 2]),
        ints('flat', [0, -1]),
      ],
      nodes: [
        { op: 'Slice', inputs: ['x', 'zero', 'end', 'axes', 'steps'], outputs: ['x0'] },
        { op: 'Slice', inputs: ['x', 'one0', 'end', 'axes', 'steps'], outputs: ['x1'] },
        { op: 'Slice', inputs: ['x', 'zero1', 'end', 'axes', 'steps'], outputs: ['x2'] },
        { op: 'Slice', inputs: ['x', 'one1', 'end', 'axes', 'steps'], outputs: ['x3'] },
        { op: 'Concat', inputs: ['x0', 'x1', 'x2', 'x3'], outputs: ['merged'], attributes: { axis: -1 } },
        { op: 'Tanh', inputs: ['merged'], outputs: ['t'] },
        { op: 'Reshape', inputs: ['t', 'flat'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('patch merging', { model, batch: 2 });
  });
});
