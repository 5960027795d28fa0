import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { singleOp } from '../../test/helpers/single-op.js';

describe('Gelu (opset 20) backward against finite differences', () => {
  it('Gelu opset 20, exact', async () => {
    await expectGradientMatches('Gelu none', {
      model: singleOp({ op: 'Gelu', input: [2, 3, 4], opset: 20 }),
      input: { scale: 3 },
    });
  });

  it('Gelu opset 20, tanh approximation', async () => {
    await expectGradientMatches('Gelu tanh', {
      model: singleOp({ op: 'Gelu', input: [2, 3, 4], opset: 20, attributes: { approximate: 'tanh' } }),
      input: { scale: 3 },
    });
  });
});
