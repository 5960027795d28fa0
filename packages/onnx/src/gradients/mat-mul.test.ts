import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant } from '../../test/helpers/single-op.js';
import { DataType } from '../proto/data-type.js';

const matMul = (xShape: number[], other: number[], xFirst: boolean) => ({
  inputs: [{ name: 'x', shape: xShape }],
  outputs: ['out'],
  initializers: [
    randomConstant('w', other, 21),
    { name: 'flat', dims: [2], values: [1, -1], type: DataType.INT64 },
  ],
  nodes: [
    { op: 'MatMul', inputs: xFirst ? ['x', 'w'] : ['w', 'x'], outputs: ['y'] },
    { op: 'Reshape', inputs: ['y', 'flat'], outputs: ['out'] },
  ],
});

describe('MatMul backward against finite differences', () => {
  const cases: [string, ReturnType<typeof matMul>][] = [
    ['[2,4] @ W[4,3]', matMul([2, 4], [4, 3], true)],
    ['W[3,4] @ [4,2]', matMul([4, 2], [3, 4], false)],
    ['batched [2,3,4] @ W[4,5] (W broadcast)', matMul([2, 3, 4], [4, 5], true)],
    ['[3,4] @ W[2,4,5] (x broadcast over the batch)', matMul([3, 4], [2, 4, 5], true)],
    ['[2,1,3,4] @ W[3,4,2] (both broadcast)', matMul([2, 1, 3, 4], [3, 4, 2], true)],
    ['1-D [4] @ W[4,3]', matMul([4], [4, 3], true)],
    ['W[3,4] @ 1-D [4]', matMul([4], [3, 4], false)],
    ['1-D [4] @ W[2,4,3]', matMul([4], [2, 4, 3], true)],
    ['1-D dot product', matMul([4], [4], true)],
  ];
  for (const [name, model] of cases) {
    it(name, async () => {
      await expectGradientMatches(`MatMul ${name}`, { model });
    });
  }

  it('x @ xᵀ (both operands on the path)', async () => {
    const model = {
      inputs: [{ name: 'x', shape: [3, 4] }],
      outputs: ['y'],
      nodes: [
        { op: 'Transpose', inputs: ['x'], outputs: ['t'], attributes: { perm: [1, 0] } },
        { op: 'MatMul', inputs: ['x', 't'], outputs: ['y'] },
      ],
    };
    await expectGradientMatches('MatMul x @ xᵀ', { model });
  });
});
