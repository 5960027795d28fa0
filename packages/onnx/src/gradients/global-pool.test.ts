import { describe, it } from 'vitest';
import { expectGradientMatches } from '../../test/helpers/gradient-check.js';
import { singleOp } from '../../test/helpers/single-op.js';

describe('GlobalAveragePool and GlobalMaxPool backward against finite differences', () => {
  it('GlobalAveragePool (Expand, opset 17)', async () => {
    await expectGradientMatches('GlobalAveragePool opset 17', {
      model: singleOp({ op: 'GlobalAveragePool', input: ['N', 3, 4, 5] }),
      batch: 2,
    });
  });
  it('GlobalAveragePool (Tile, opset 7)', async () => {
    await expectGradientMatches('GlobalAveragePool opset 7', {
      model: singleOp({ op: 'GlobalAveragePool', input: ['N', 3, 4, 5], opset: 7 }),
      batch: 2,
    });
  });
  it('GlobalMaxPool', async () => {
    await expectGradientMatches('GlobalMaxPool', {
      model: singleOp({ op: 'GlobalMaxPool', input: ['N', 3, 4, 5] }),
      input: { distinct: true },
      batch: 2,
    });
  });
});
