import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant } from '../../test/helpers/single-op.js';

describe('Mul and Div backward (broadcasting) against finite differences', () => {
  const model = (op: string, xShape: (number | string)[], cShape: number[], xFirst: boolean, opset = 17) => ({
    opset,
    inputs: [{ name: 'x', shape: xShape }],
    outputs: ['y'],
    initializers: [randomConstant('c', cShape, 41, 2)],
    nodes: [{ op, inputs: xFirst ? ['x', 'c'] : ['c', 'x'], outputs: ['y'] }],
  });
  it('Mul x[1,3,4,5] * c[5]', async () => {
    await expectGradientMatches('Mul x * c[5]', { model: model('Mul', [1, 3, 4, 5], [5], true) });
  });
  it('Mul c[2,3,4] * x[3,1] (x broadcast)', async () => {
    await expectGradientMatches('Mul c * x[3,1]', { model: model('Mul', [3, 1], [2, 3, 4], false) });
  });
  it('Mul x * x (product rule)', async () => {
    await expectGradientMatches('Mul x * x', {
      model: {
        inputs: [{ name: 'x', shape: [2, 3] }],
        outputs: ['y'],
        nodes: [{ op: 'Mul', inputs: ['x', 'x'], outputs: ['y'] }],
      },
    });
  });
  it('Div x[N,3,2] / c[3,1], opset 7', async () => {
    const divisor = { name: 'c', dims: [3, 1], values: [1.5, -2, 0.75] };
    await expectGradientMatches('Div x / c', {
      model: { ...model('Div', ['N', 3, 2], [3, 1], true, 7), initializers: [divisor] },
      batch: 2,
    });
  });
  it('Div c[2,3] / x[3] (x broadcast, divisor on the path)', async () => {
    await expectGradientMatches('Div c / x', {
      model: model('Div', [3], [2, 3], false),
      input: Float32Array.from([0.8, -1.3, 1.1]),
    });
  });
  it('Div x / (x + 2) (both operands on the path)', async () => {
    await expectGradientMatches('Div x / (x + 2)', {
      model: {
        inputs: [{ name: 'x', shape: [2, 3] }],
        outputs: ['y'],
        initializers: [{ name: 'two', dims: [], values: [2] }],
        nodes: [
          { op: 'Add', inputs: ['x', 'two'], outputs: ['d'] },
          { op: 'Div', inputs: ['x', 'd'], outputs: ['y'] },
        ],
      },
    });
  });
});
