import { describe, it } from 'vitest';
import { float } from '../../test/helpers/build-model.js';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { randomConstant, singleOp } from '../../test/helpers/single-op.js';

describe('Identity and Dropout backward against finite differences', () => {
  for (const [op, opset, attributes] of [
    ['Identity', 17, {}],
    ['Dropout', 7, { ratio: float(0.5) }],
    ['Dropout', 13, {}],
  ] as const) {
    it(`${op} (opset ${opset})`, async () => {
      const model = singleOp({
        op,
        input: [2, 3],
        opset,
        attributes,
        outputs: 1,
        constants: [randomConstant('s', [3], 91)],
        after: [{ op: 'Mul', inputs: ['y', 's'], outputs: ['out'] }],
      });
      await expectGradientMatches(`${op} opset ${opset}`, { model });
    });
  }
});
