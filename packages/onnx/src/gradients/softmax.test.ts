import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { singleOp } from '../../test/helpers/single-op.js';

describe('Softmax and LogSoftmax backward against finite differences', () => {
  it('Softmax opset 13, last axis', async () => {
    await expectGradientMatches('Softmax opset 13', {
      model: singleOp({ op: 'Softmax', input: [2, 5] }),
      input: { scale: 3 },
    });
  });
  it('Softmax opset 11 on [N, 3, 2, 2] (coerced to 2-D from axis 1)', async () => {
    await expectGradientMatches('Softmax opset 11 coerced', {
      model: singleOp({ op: 'Softmax', input: ['N', 3, 2, 2], opset: 11 }),
      input: { scale: 3 },
      batch: 2,
    });
  });
  it('Softmax opset 13 along axis 1 of a 3-D tensor', async () => {
    await expectGradientMatches('Softmax opset 13 axis 1', {
      model: singleOp({ op: 'Softmax', input: [2, 3, 4], attributes: { axis: 1 } }),
      input: { scale: 3 },
    });
  });
  it('LogSoftmax opset 13', async () => {
    await expectGradientMatches('LogSoftmax opset 13', {
      model: singleOp({ op: 'LogSoftmax', input: [2, 5] }),
      input: { scale: 3 },
    });
  });
  it('LogSoftmax opset 7 on a 3-D tensor (coerced)', async () => {
    await expectGradientMatches('LogSoftmax opset 7', {
      model: singleOp({ op: 'LogSoftmax', input: [2, 3, 2], opset: 7 }),
      input: { scale: 3 },
    });
  });
});
