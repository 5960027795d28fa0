import { describe, it } from 'vitest';
import type { ModelSpec } from '../../test/helpers/build-model.js';
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
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [3, 4] }],
      outputs: ['y'],
      nodes: [
        { op: 'Transpose', inputs: ['x'], outputs: ['t'], attributes: { perm: [1, 0] } },
        { op: 'MatMul', inputs: ['x', 't'], outputs: ['y'] },
      ],
    };
    await expectGradientMatches('MatMul x @ xᵀ', { model });
  });

  it('multi-head self-attention: heads split by Reshape/Transpose, softmax(QKᵀ/√d) V over the last axis, batch 2', async () => {
    const int64 = (name: string, values: number[]) => ({
      name,
      dims: [values.length],
      values,
      type: DataType.INT64,
    });
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: ['N', 4, 6] }],
      outputs: ['out'],
      initializers: [
        randomConstant('wq', [6, 6], 31),
        randomConstant('wk', [6, 6], 32),
        randomConstant('wv', [6, 6], 33),
        { name: 'root', dims: [], values: [Math.sqrt(3)] },
        int64('heads', [0, 4, 2, 3]),
        int64('merged', [0, 4, 6]),
        int64('flat', [0, -1]),
      ],
      nodes: [
        { op: 'MatMul', inputs: ['x', 'wq'], outputs: ['q0'] },
        { op: 'MatMul', inputs: ['x', 'wk'], outputs: ['k0'] },
        { op: 'MatMul', inputs: ['x', 'wv'], outputs: ['v0'] },
        { op: 'Reshape', inputs: ['q0', 'heads'], outputs: ['q1'] },
        { op: 'Reshape', inputs: ['k0', 'heads'], outputs: ['k1'] },
        { op: 'Reshape', inputs: ['v0', 'heads'], outputs: ['v1'] },
        { op: 'Transpose', inputs: ['q1'], outputs: ['q'], attributes: { perm: [0, 2, 1, 3] } },
        { op: 'Transpose', inputs: ['k1'], outputs: ['kt'], attributes: { perm: [0, 2, 3, 1] } },
        { op: 'Transpose', inputs: ['v1'], outputs: ['v'], attributes: { perm: [0, 2, 1, 3] } },
        { op: 'MatMul', inputs: ['q', 'kt'], outputs: ['logits'] },
        { op: 'Div', inputs: ['logits', 'root'], outputs: ['scaled'] },
        { op: 'Softmax', inputs: ['scaled'], outputs: ['attention'], attributes: { axis: -1 } },
        { op: 'MatMul', inputs: ['attention', 'v'], outputs: ['mixed'] },
        { op: 'Transpose', inputs: ['mixed'], outputs: ['back'], attributes: { perm: [0, 2, 1, 3] } },
        { op: 'Reshape', inputs: ['back', 'merged'], outputs: ['tokens'] },
        { op: 'Reshape', inputs: ['tokens', 'flat'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('self-attention', { model, batch: 2 });
  });
});
