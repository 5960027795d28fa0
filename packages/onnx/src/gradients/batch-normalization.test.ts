import { describe, it } from 'vitest';
import { float } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant, singleOp } from '../../test/helpers/single-op.js';

const batchNorm = (opset: number, input: (number | string)[]) =>
  singleOp({
    op: 'BatchNormalization',
    input,
    opset,
    inputs: ['scale', 'bias', 'mean', 'var'],
    attributes: { epsilon: float(1e-3) },
    constants: [
      randomConstant('scale', [3], 61, 2),
      randomConstant('bias', [3], 62),
      randomConstant('mean', [3], 63),
      { name: 'var', dims: [3], values: [0.5, 1.7, 0.05] },
    ],
  });

describe('BatchNormalization (inference) backward against finite differences', () => {
  it('opset 15, 4-D', async () => {
    await expectGradientMatches('BatchNormalization opset 15', { model: batchNorm(15, [1, 3, 4, 4]) });
  });
  it('opset 7, dynamic batch', async () => {
    await expectGradientMatches('BatchNormalization opset 7', {
      model: batchNorm(7, ['N', 3, 2, 3]),
      batch: 2,
    });
  });
  it('2-D input [N, C]', async () => {
    await expectGradientMatches('BatchNormalization 2-D', { model: batchNorm(14, [2, 3]) });
  });
});
