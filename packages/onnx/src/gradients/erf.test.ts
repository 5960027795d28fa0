import { describe, it } from 'vitest';
import type { ModelSpec } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant, singleOp } from '../../test/helpers/single-op.js';

const scalar = (name: string, value: number) => ({ name, dims: [], values: [value] });

describe('Erf and GELU backward against finite differences', () => {
  it('Erf', async () => {
    await expectGradientMatches('Erf', {
      model: singleOp({ op: 'Erf', input: [2, 3, 4] }),
      input: { scale: 2 },
    });
  });

  it('exact GELU as torch exports it: x * (erf(x / √2) + 1) * 0.5', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [2, 5, 6] }],
      outputs: ['out'],
      initializers: [
        scalar('root2', Math.SQRT2),
        scalar('one', 1),
        scalar('half', 0.5),
        randomConstant('w', [6, 3], 5),
      ],
      nodes: [
        { op: 'Div', inputs: ['x', 'root2'], outputs: ['scaled'] },
        { op: 'Erf', inputs: ['scaled'], outputs: ['erf'] },
        { op: 'Add', inputs: ['erf', 'one'], outputs: ['shifted'] },
        { op: 'Mul', inputs: ['x', 'shifted'], outputs: ['product'] },
        { op: 'Mul', inputs: ['product', 'half'], outputs: ['gelu'] },
        { op: 'MatMul', inputs: ['gelu', 'w'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('GELU (Erf pattern)', { model, input: { scale: 3 } });
  });

  it('tanh GELU as exporters decompose it: 0.5x(1 + tanh(√(2/π)(x + 0.044715 x³)))', async () => {
    const model: ModelSpec = {
      inputs: [{ name: 'x', shape: [3, 8] }],
      outputs: ['out'],
      initializers: [
        scalar('three', 3),
        scalar('cubic', 0.044715),
        scalar('root', Math.sqrt(2 / Math.PI)),
        scalar('one', 1),
        scalar('half', 0.5),
      ],
      nodes: [
        { op: 'Pow', inputs: ['x', 'three'], outputs: ['cube'] },
        { op: 'Mul', inputs: ['cube', 'cubic'], outputs: ['term'] },
        { op: 'Add', inputs: ['x', 'term'], outputs: ['inner'] },
        { op: 'Mul', inputs: ['inner', 'root'], outputs: ['scaled'] },
        { op: 'Tanh', inputs: ['scaled'], outputs: ['t'] },
        { op: 'Add', inputs: ['t', 'one'], outputs: ['shifted'] },
        { op: 'Mul', inputs: ['x', 'shifted'], outputs: ['product'] },
        { op: 'Mul', inputs: ['product', 'half'], outputs: ['out'] },
      ],
    };
    await expectGradientMatches('GELU (tanh pattern)', { model, input: { scale: 3 } });
  });
});
