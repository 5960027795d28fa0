import { describe, it } from 'vitest';
import { float, type ModelSpec } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant, singleOp } from '../../test/helpers/single-op.js';
import { DataType } from '../proto/data-type.js';

const scalar = (name: string, value: number) => ({ name, dims: [], values: [value] });

describe('LayerNormalization backward against finite differences', () => {
  it('over the last axis of [N, tokens, C] with scale and bias, batch 2', async () => {
    await expectGradientMatches('LayerNormalization last axis', {
      model: singleOp({
        op: 'LayerNormalization',
        input: ['N', 5, 6],
        inputs: ['scale', 'bias'],
        constants: [randomConstant('scale', [6], 3), randomConstant('bias', [6], 4)],
        attributes: { axis: -1, epsilon: float(1e-5) },
      }),
      input: { scale: 2 },
      batch: 2,
    });
  });

  it('over the last two axes (axis 1 of a 3-D tensor), no bias, large epsilon', async () => {
    await expectGradientMatches('LayerNormalization axis 1', {
      model: singleOp({
        op: 'LayerNormalization',
        input: [2, 3, 4],
        inputs: ['scale'],
        constants: [randomConstant('scale', [3, 4], 5)],
        attributes: { axis: 1, epsilon: float(0.1) },
      }),
      input: { scale: 2 },
    });
  });

  it('decomposed as older exporters emit it: ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add', async () => {
    const model: ModelSpec = {
      opset: 11,
      inputs: [{ name: 'x', shape: [2, 4, 6] }],
      outputs: ['out'],
      initializers: [
        scalar('two', 2),
        scalar('eps', 1e-5),
        randomConstant('scale', [6], 8),
        randomConstant('bias', [6], 9),
      ],
      nodes: [
        { op: 'ReduceMean', inputs: ['x'], outputs: ['mean'], attributes: { axes: [-1], keepdims: 1 } },
        { op: 'Sub', inputs: ['x', 'mean'], outputs: ['centered'] },
        { op: 'Pow', inputs: ['centered', 'two'], outputs: ['square'] },
        {
          op: 'ReduceMean',
          inputs: ['square'],
          outputs: ['variance'],
          attributes: { axes: [-1], keepdims: 1 },
        },
        { op: 'Add', inputs: ['variance', 'eps'], outputs: ['shifted'] },
        { op: 'Sqrt', inputs: ['shifted'], outputs: ['deviation'] },
        { op: 'Div', inputs: ['centered', 'deviation'], outputs: ['normalized'] },
        { op: 'Mul', inputs: ['normalized', 'scale'], outputs: ['scaled'] },
        { op: 'Add', inputs: ['scaled', 'bias'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('decomposed LayerNorm', { model, input: { scale: 2 } });
  });

  it('with the scale and bias on the path too (they are computed from the layer)', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [3, 4] }],
      outputs: ['out'],
      initializers: [
        { name: 'row', dims: [1], values: [0], type: DataType.INT64 },
        { name: 'flat', dims: [1], values: [4], type: DataType.INT64 },
      ],
      nodes: [
        { op: 'Gather', inputs: ['x', 'row'], outputs: ['first'], attributes: { axis: 0 } },
        { op: 'Reshape', inputs: ['first', 'flat'], outputs: ['scale'] },
        { op: 'Sigmoid', inputs: ['scale'], outputs: ['bias'] },
        {
          op: 'LayerNormalization',
          inputs: ['x', 'scale', 'bias'],
          outputs: ['out'],
          attributes: { axis: -1, epsilon: float(1e-3) },
        },
      ],
    };
    await expectGradientMatches('LayerNorm scale and bias on the path', {
      model,
      input: { scale: 2 },
    });
  });
});
