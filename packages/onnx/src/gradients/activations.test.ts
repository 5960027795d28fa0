import { describe, it } from 'vitest';
import { float } from '../../test/helpers/build-model.js';
import { expectGradientMatches, type InputValues } from '../../test/helpers/gradient-check.js';
import { randomConstant, singleOp } from '../../test/helpers/single-op.js';

describe('elementwise activations backward against finite differences', () => {
  const cases: [string, ReturnType<typeof singleOp>, InputValues][] = [
    ['Relu', singleOp({ op: 'Relu', input: [2, 3, 4] }), { avoid: [0] }],
    [
      'LeakyRelu alpha 0.1',
      singleOp({ op: 'LeakyRelu', input: [2, 3, 4], attributes: { alpha: float(0.1) } }),
      { avoid: [0] },
    ],
    [
      'PRelu with a per-channel slope',
      singleOp({
        op: 'PRelu',
        input: [1, 3, 2, 2],
        inputs: ['slope'],
        constants: [randomConstant('slope', [3, 1, 1], 51)],
      }),
      { avoid: [0] },
    ],
    ['Sigmoid', singleOp({ op: 'Sigmoid', input: [2, 3, 4] }), { scale: 3 }],
    ['Tanh', singleOp({ op: 'Tanh', input: [2, 3, 4] }), { scale: 2 }],
    [
      'HardSigmoid alpha 0.25 beta 0.4',
      singleOp({ op: 'HardSigmoid', input: [2, 3, 4], attributes: { alpha: float(0.25), beta: float(0.4) } }),
      { scale: 4, avoid: [-1.6, 2.4] },
    ],
    [
      'HardSigmoid defaults',
      singleOp({ op: 'HardSigmoid', input: [3, 8] }),
      { scale: 4, avoid: [-2.5, 2.5] },
    ],
    ['HardSwish', singleOp({ op: 'HardSwish', input: [3, 8], opset: 14 }), { scale: 5, avoid: [-3, 3] }],
    ['Neg', singleOp({ op: 'Neg', input: [2, 3] }), {}],
    [
      'Clip as ReLU6 (opset 13, bounds as inputs)',
      singleOp({
        op: 'Clip',
        input: [3, 8],
        opset: 13,
        inputs: ['low', 'high'],
        constants: [
          { name: 'low', dims: [], values: [0] },
          { name: 'high', dims: [], values: [6] },
        ],
      }),
      { scale: 8, avoid: [0, 6] },
    ],
    [
      'Clip with only a maximum (opset 13, min omitted)',
      singleOp({
        op: 'Clip',
        input: [3, 8],
        opset: 13,
        inputs: ['', 'high'],
        constants: [{ name: 'high', dims: [], values: [0.3] }],
      }),
      { avoid: [0.3] },
    ],
    [
      'Clip opset 7 (bounds as attributes)',
      singleOp({ op: 'Clip', input: [3, 8], opset: 7, attributes: { min: float(-0.5), max: float(0.5) } }),
      { avoid: [-0.5, 0.5] },
    ],
  ];
  for (const [name, model, input] of cases) {
    it(name, async () => {
      await expectGradientMatches(name, { model, input });
    });
  }
});
