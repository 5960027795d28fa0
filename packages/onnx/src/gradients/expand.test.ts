import { describe, it } from 'vitest';
import type { ModelSpec } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant } from '../../test/helpers/single-op.js';
import { DataType } from '../proto/data-type.js';

describe('Expand backward against finite differences', () => {
  it('[3, 1] expanded to [2, 3, 4] (a new leading axis and a broadcast axis)', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [3, 1] }],
      outputs: ['out'],
      initializers: [
        { name: 'shape', dims: [3], values: [2, 3, 4], type: DataType.INT64 },
        randomConstant('w', [2, 3, 4], 17),
      ],
      nodes: [
        { op: 'Expand', inputs: ['x', 'shape'], outputs: ['wide'] },
        { op: 'Mul', inputs: ['wide', 'w'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Expand', { model });
  });

  it('a pooled token repeated over the tokens with a shape computed from the batch size, then concatenated', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: ['N', 4, 3] }],
      outputs: ['out'],
      initializers: [
        { name: 'first', dims: [1], values: [0], type: DataType.INT64 },
        { name: 'rest', dims: [2], values: [4, 1], type: DataType.INT64 },
        { name: 'flat', dims: [2], values: [0, -1], type: DataType.INT64 },
        randomConstant('w', [3, 2], 19),
      ],
      nodes: [
        { op: 'Shape', inputs: ['x'], outputs: ['shape'] },
        { op: 'Gather', inputs: ['shape', 'first'], outputs: ['batch'], attributes: { axis: 0 } },
        { op: 'Concat', inputs: ['batch', 'rest'], outputs: ['target'], attributes: { axis: 0 } },
        { op: 'ReduceMean', inputs: ['x'], outputs: ['pooled'], attributes: { axes: [1], keepdims: 1 } },
        { op: 'Tanh', inputs: ['pooled'], outputs: ['token'] },
        { op: 'Expand', inputs: ['token', 'target'], outputs: ['repeated'] },
        { op: 'Concat', inputs: ['repeated', 'x'], outputs: ['tokens'], attributes: { axis: 1 } },
        { op: 'MatMul', inputs: ['tokens', 'w'], outputs: ['projected'] },
        { op: 'Reshape', inputs: ['projected', 'flat'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('Expand to a computed shape', { model, batch: 2 });
  });
});
