import { describe, it } from 'vitest';
import type { ModelSpec } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant } from '../../test/helpers/single-op.js';
import { DataType } from '../proto/data-type.js';

const int64 = (name: string, dims: number[], values: number[]) => ({
  name,
  dims,
  values,
  type: DataType.INT64,
});

describe('Gather backward against finite differences', () => {
  it('the class token: x[:, 0] of [N, tokens, C] (scalar index, axis 1), batch 2', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: ['N', 5, 4] }],
      outputs: ['out'],
      initializers: [int64('zero', [], [0]), randomConstant('w', [4, 3], 11)],
      nodes: [
        { op: 'Gather', inputs: ['x', 'zero'], outputs: ['token'], attributes: { axis: 1 } },
        { op: 'MatMul', inputs: ['token', 'w'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Gather class token', { model, batch: 2 });
  });

  it('repeated and negative indices [[0, 2], [2, -1]] along the last axis', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 3, 4] }],
      outputs: ['out'],
      initializers: [int64('picks', [2, 2], [0, 2, 2, -1]), int64('flat', [2], [2, -1])],
      nodes: [
        { op: 'Gather', inputs: ['x', 'picks'], outputs: ['y'], attributes: { axis: 2 } },
        { op: 'Reshape', inputs: ['y', 'flat'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Gather repeated indices', { model });
  });

  it('axis 0 along a free batch axis (indices [0, -1, 0])', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: ['N', 3] }],
      outputs: ['out'],
      initializers: [int64('rows', [3], [0, -1, 0]), int64('flat', [2], [1, -1])],
      nodes: [
        { op: 'Gather', inputs: ['x', 'rows'], outputs: ['y'], attributes: { axis: 0 } },
        { op: 'Reshape', inputs: ['y', 'flat'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Gather along the batch axis', { model, batch: 2 });
  });

  it('computed indices (ArgMax of the layer: the indices are cut, the data is not)', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [3, 5] }],
      outputs: ['out'],
      initializers: [int64('flat', [2], [1, -1])],
      nodes: [
        { op: 'ArgMax', inputs: ['x'], outputs: ['best'], attributes: { axis: 1, keepdims: 0 } },
        { op: 'Gather', inputs: ['x', 'best'], outputs: ['y'], attributes: { axis: 1 } },
        { op: 'Reshape', inputs: ['y', 'flat'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Gather with computed indices', { model, input: { distinct: true } });
  });
});
