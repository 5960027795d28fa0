import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant } from '../../test/helpers/single-op.js';
import { DataType } from '../proto/data-type.js';

describe('Concat and Split backward against finite differences', () => {
  it('Concat of x and Relu(x) along the channels, dynamic batch', async () => {
    const model = {
      inputs: [{ name: 'x', shape: ['N', 2, 3] }],
      outputs: ['y'],
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['r'] },
        { op: 'Concat', inputs: ['x', 'r'], outputs: ['y'], attributes: { axis: 1 } },
      ],
    };
    await expectGradientMatches('Concat(x, Relu(x))', { model, input: { avoid: [0] }, batch: 2 });
  });
  it('Concat along a negative axis with a constant (opset 7)', async () => {
    const model = {
      opset: 7,
      inputs: [{ name: 'x', shape: [2, 3] }],
      outputs: ['y'],
      initializers: [randomConstant('c', [2, 2], 82)],
      nodes: [{ op: 'Concat', inputs: ['c', 'x', 'x'], outputs: ['y'], attributes: { axis: -1 } }],
    };
    await expectGradientMatches('Concat(c, x, x) opset 7', { model });
  });
  for (const opset of [11, 13, 18]) {
    it(`Split into three, one unused (opset ${opset})`, async () => {
      const sizes = { name: 'sizes', dims: [3], values: [1, 2, 1], type: DataType.INT64 };
      const model = {
        opset,
        inputs: [{ name: 'x', shape: [2, 4] }],
        outputs: ['y'],
        initializers: [sizes, randomConstant('s', [2, 1], 83)],
        nodes: [
          {
            op: 'Split',
            inputs: opset >= 13 ? ['x', 'sizes'] : ['x'],
            outputs: ['a', 'b', 'c'],
            attributes: { axis: 1, ...(opset < 13 ? { split: [1, 2, 1] } : {}) },
          },
          { op: 'Mul', inputs: ['c', 's'], outputs: ['cs'] },
          { op: 'Concat', inputs: ['cs', 'a'], outputs: ['y'], attributes: { axis: 1 } },
        ],
      };
      await expectGradientMatches(`Split opset ${opset}`, { model });
    });
  }
});
