import { describe, it } from 'vitest';
import { float } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant, singleOp } from '../../test/helpers/single-op.js';

describe('Gemm backward against finite differences', () => {
  for (const [transA, transB] of [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ] as const) {
    it(`A on the path, transA=${transA} transB=${transB}, alpha 0.7, C [N]`, async () => {
      const model = singleOp({
        op: 'Gemm',
        input: transA ? [4, 2] : [2, 4],
        inputs: ['b', 'c'],
        attributes: { transA, transB, alpha: float(0.7), beta: float(1.3) },
        constants: [randomConstant('b', transB ? [3, 4] : [4, 3], 11), randomConstant('c', [3], 12)],
      });
      await expectGradientMatches(`Gemm A transA=${transA} transB=${transB}`, { model });
    });
    it(`B on the path, transA=${transA} transB=${transB}`, async () => {
      const model = {
        inputs: [{ name: 'x', shape: transB ? [3, 4] : [4, 3] }],
        outputs: ['y'],
        initializers: [randomConstant('a', transA ? [4, 2] : [2, 4], 13)],
        nodes: [
          {
            op: 'Gemm',
            inputs: ['a', 'x'],
            outputs: ['y'],
            attributes: { transA, transB, alpha: float(1.5) },
          },
        ],
      };
      await expectGradientMatches(`Gemm B transA=${transA} transB=${transB}`, { model });
    });
  }

  it('A, B and C all the same tensor (contributions add up)', async () => {
    const model = singleOp({
      op: 'Gemm',
      input: [3, 3],
      inputs: ['x', 'x'],
      attributes: { transB: 1, alpha: float(0.5), beta: float(2) },
    });
    await expectGradientMatches('Gemm(x, x, x)', { model });
  });

  it('opset 7 (C required), C broadcast [1, N]', async () => {
    const model = singleOp({
      op: 'Gemm',
      input: [2, 4],
      opset: 7,
      inputs: ['b', 'c'],
      attributes: { transB: 1 },
      constants: [randomConstant('b', [3, 4], 14), randomConstant('c', [1, 3], 15)],
      after: [{ op: 'Relu', inputs: ['y'], outputs: ['out'] }],
    });
    await expectGradientMatches('Gemm opset 7 → Relu', { model, input: { avoid: [0] } });
  });
});
