import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant, singleOp } from '../../test/helpers/single-op.js';
import { DataType } from '../proto/data-type.js';

const ints = (name: string, values: number[]) => ({
  name,
  dims: [values.length],
  values,
  type: DataType.INT64,
});
const scale = (input: string) => ({ op: 'Mul', inputs: [input, 's'], outputs: ['out'] });

describe('Reshape, Flatten, Squeeze, Unsqueeze and Transpose backward against finite differences', () => {
  it('Flatten axis 1 then a scaling', async () => {
    const model = singleOp({
      op: 'Flatten',
      input: ['N', 2, 3, 2],
      constants: [randomConstant('s', [12], 71)],
      after: [scale('y')],
    });
    await expectGradientMatches('Flatten', { model, batch: 2 });
  });
  it('Reshape to [0, -1] then a scaling', async () => {
    const model = singleOp({
      op: 'Reshape',
      input: ['N', 2, 3],
      inputs: ['shape'],
      constants: [ints('shape', [0, -1]), randomConstant('s', [6], 72)],
      after: [scale('y')],
    });
    await expectGradientMatches('Reshape', { model, batch: 2 });
  });
  it('Squeeze (opset 11, axes attribute)', async () => {
    const model = singleOp({
      op: 'Squeeze',
      input: [2, 1, 3],
      opset: 11,
      attributes: { axes: [1] },
      constants: [randomConstant('s', [2, 3], 73)],
      after: [scale('y')],
    });
    await expectGradientMatches('Squeeze opset 11', { model });
  });
  it('Squeeze (opset 13, axes input) and Unsqueeze (opset 13)', async () => {
    const model = singleOp({
      op: 'Unsqueeze',
      input: [2, 3],
      opset: 13,
      inputs: ['axes'],
      constants: [ints('axes', [0, 3]), randomConstant('s', [1, 2, 3, 1], 74)],
      after: [scale('y')],
    });
    await expectGradientMatches('Unsqueeze opset 13', { model });
  });
  it('Unsqueeze (opset 7, axes attribute)', async () => {
    const model = singleOp({
      op: 'Unsqueeze',
      input: [2, 3],
      opset: 7,
      attributes: { axes: [1] },
      constants: [randomConstant('s', [2, 1, 3], 75)],
      after: [scale('y')],
    });
    await expectGradientMatches('Unsqueeze opset 7', { model });
  });
  it('Transpose with a permutation, and with the default (reverse)', async () => {
    const model = singleOp({
      op: 'Transpose',
      input: [2, 3, 4],
      attributes: { perm: [1, 2, 0] },
      constants: [randomConstant('s', [3, 4, 2], 76)],
      after: [
        { op: 'Mul', inputs: ['y', 's'], outputs: ['m'] },
        { op: 'Transpose', inputs: ['m'], outputs: ['out'] },
      ],
    });
    await expectGradientMatches('Transpose', { model });
  });
});
