import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant } from '../../test/helpers/single-op.js';

const binary = (op: string, xShape: (number | string)[], cShape: number[], xFirst = true, opset = 17) => ({
  opset,
  inputs: [{ name: 'x', shape: xShape }],
  outputs: ['y'],
  initializers: [randomConstant('c', cShape, 31)],
  nodes: [{ op, inputs: xFirst ? ['x', 'c'] : ['c', 'x'], outputs: ['y'] }],
});

describe('Add, Sub and Sum backward (broadcasting) against finite differences', () => {
  const cases: [string, ReturnType<typeof binary>][] = [
    ['Add x[1,3,4,5] + c[3,1,1]', binary('Add', [1, 3, 4, 5], [3, 1, 1])],
    ['Add c[2,3,4] + x[3,1] (x broadcast, rank lower)', binary('Add', [3, 1], [2, 3, 4], false)],
    ['Sub x[2,3] - c[3]', binary('Sub', [2, 3], [3])],
    ['Sub c[2,3,4] - x[1,4] (x broadcast, second operand)', binary('Sub', [1, 4], [2, 3, 4], false)],
    [
      'Add dynamic batch x[N,3,2,2] + c[1,3,1,1], opset 7',
      binary('Add', ['N', 3, 2, 2], [1, 3, 1, 1], true, 7),
    ],
    ['Sub c[1,3,1,1] - x[N,3,2,2]', binary('Sub', ['N', 3, 2, 2], [1, 3, 1, 1], false)],
  ];
  for (const [name, model] of cases) {
    it(name, async () => {
      await expectGradientMatches(name, { model, batch: 2 });
    });
  }

  it('Sum of x, a broadcast constant and x again', async () => {
    const model = {
      inputs: [{ name: 'x', shape: [2, 3] }],
      outputs: ['y'],
      initializers: [randomConstant('c', [3], 32)],
      nodes: [{ op: 'Sum', inputs: ['x', 'c', 'x'], outputs: ['y'] }],
    };
    await expectGradientMatches('Sum(x, c, x)', { model });
  });
});
