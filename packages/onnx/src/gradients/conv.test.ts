import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant, singleOp } from '../../test/helpers/single-op.js';

const conv = (
  input: readonly (number | string)[],
  weights: readonly number[],
  attributes: Record<string, number | number[] | string>,
  bias = true,
  opset = 17,
) =>
  singleOp({
    op: 'Conv',
    input,
    opset,
    attributes,
    inputs: bias ? ['w', 'b'] : ['w'],
    constants: [randomConstant('w', weights, 3), randomConstant('b', [weights[0]!], 4)],
  });

describe('Conv backward (ConvTranspose) against finite differences', () => {
  const cases: [string, ReturnType<typeof conv>][] = [
    ['3x3, pad 1', conv([1, 2, 6, 5], [3, 2, 3, 3], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] })],
    [
      'strided, asymmetric pads, dilated',
      conv([1, 2, 9, 8], [3, 2, 3, 2], { strides: [2, 3], pads: [1, 0, 2, 1], dilations: [2, 1] }),
    ],
    ['stride 2 leaving rows uncovered', conv([1, 1, 8, 7], [2, 1, 3, 3], { strides: [2, 2] })],
    ['depthwise (group = channels)', conv([1, 4, 6, 6], [4, 1, 3, 3], { group: 4, pads: [1, 1, 1, 1] })],
    ['grouped, 2 groups', conv([1, 4, 5, 5], [6, 2, 2, 2], { group: 2 })],
    [
      'auto_pad SAME_UPPER, stride 2',
      conv([1, 2, 7, 6], [3, 2, 3, 3], { auto_pad: 'SAME_UPPER', strides: [2, 2] }),
    ],
    ['auto_pad SAME_LOWER', conv([1, 2, 6, 6], [2, 2, 4, 4], { auto_pad: 'SAME_LOWER' })],
    ['auto_pad VALID, no bias', conv([1, 2, 6, 6], [2, 2, 3, 3], { auto_pad: 'VALID' }, false)],
    ['1-D', conv([1, 2, 11], [3, 2, 3], { strides: [2], pads: [1, 1] })],
    ['dynamic batch, opset 7', conv(['N', 2, 5, 5], [3, 2, 3, 3], { pads: [1, 1, 1, 1] }, true, 7)],
  ];
  for (const [name, model] of cases) {
    it(name, async () => {
      await expectGradientMatches(`Conv ${name}`, { model, batch: 2 });
    });
  }

  it('through Conv → Relu → Conv with the target in the middle', async () => {
    const model = singleOp({
      op: 'Conv',
      input: [1, 2, 7, 7],
      attributes: { pads: [1, 1, 1, 1] },
      inputs: ['w'],
      constants: [randomConstant('w', [3, 2, 3, 3], 5), randomConstant('w2', [2, 3, 3, 3], 6)],
      after: [
        { op: 'Relu', inputs: ['y'], outputs: ['r'] },
        { op: 'Conv', inputs: ['r', 'w2'], outputs: ['out'], attributes: { strides: [2, 2] } },
      ],
    });
    await expectGradientMatches('Conv → Relu → Conv at the first output', { model, target: 'y' });
  });
});
