import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { singleOp } from '../../test/helpers/single-op.js';
import { DataType } from '../proto/data-type.js';

const toRow = { name: 'row', dims: [2], values: [1, -1], type: DataType.INT64 };
const asRow = { op: 'Reshape', inputs: ['y', 'row'], outputs: ['out'] };
const axesConstant = (values: number[]) => ({
  name: 'axes',
  dims: [values.length],
  values,
  type: DataType.INT64,
});

describe('ReduceMean and ReduceSum backward against finite differences', () => {
  it('ReduceMean over H, W with keepdims (opset 13, axes attribute)', async () => {
    const model = singleOp({
      op: 'ReduceMean',
      input: ['N', 3, 4, 5],
      opset: 13,
      attributes: { axes: [2, 3] },
    });
    await expectGradientMatches('ReduceMean axes [2,3] keepdims', { model, batch: 2 });
  });
  it('ReduceMean over a negative axis without keepdims (opset 7, Tile path)', async () => {
    const model = singleOp({
      op: 'ReduceMean',
      input: ['N', 3, 4],
      opset: 7,
      attributes: { axes: [-1], keepdims: 0 },
    });
    await expectGradientMatches('ReduceMean axes [-1] opset 7', { model, batch: 2 });
  });
  it('ReduceMean with axes as an input (opset 18), keepdims 0', async () => {
    const model = singleOp({
      op: 'ReduceMean',
      input: [2, 3, 4],
      opset: 18,
      inputs: ['axes'],
      attributes: { keepdims: 0 },
      constants: [axesConstant([0, 2]), toRow],
      after: [asRow],
    });
    await expectGradientMatches('ReduceMean axes input opset 18', { model });
  });
  it('ReduceMean over every axis (no axes)', async () => {
    const model = singleOp({
      op: 'ReduceMean',
      input: [2, 3],
      opset: 13,
      attributes: { keepdims: 1 },
    });
    await expectGradientMatches('ReduceMean all axes', { model });
  });
  it('ReduceSum with axes as an input (opset 13)', async () => {
    const model = singleOp({
      op: 'ReduceSum',
      input: ['N', 3, 4],
      opset: 13,
      inputs: ['axes'],
      constants: [axesConstant([1])],
    });
    await expectGradientMatches('ReduceSum axes input opset 13', { model, batch: 2 });
  });
  it('ReduceSum opset 11 (axes attribute), keepdims 0', async () => {
    const model = singleOp({
      op: 'ReduceSum',
      input: [2, 3, 4],
      opset: 11,
      attributes: { axes: [1, 2], keepdims: 0 },
      constants: [toRow],
      after: [asRow],
    });
    await expectGradientMatches('ReduceSum opset 11', { model });
  });
});
