import { describe, expect, it } from 'vitest';
import type { TokenTensor } from '../tensor.js';
import { gridToTokens, tokensToGrid } from './tokens-to-grid.js';

/** Tokens `[2, 1 + 2x3, 4]` whose value encodes (sample, token, channel). */
function tokens(): TokenTensor {
  const data = new Float32Array(2 * 7 * 4);
  for (let n = 0; n < 2; n++) {
    for (let t = 0; t < 7; t++) for (let c = 0; c < 4; c++) data[(n * 7 + t) * 4 + c] = 1000 * n + 10 * t + c;
  }
  return { data, shape: [2, 7, 4], layout: 'ntc' };
}

describe('tokensToGrid', () => {
  it("drops the prefix and reads the rest row-major as [N, h, w, C], as pytorch-grad-cam's reshape_transform", () => {
    const grid = tokensToGrid(tokens(), { prefix: 1, height: 2, width: 3 });
    expect(grid.shape).toEqual([2, 2, 3, 4]);
    expect(grid.layout).toBe('nhwc');
    // Row y, column x of sample n is token 1 + 3y + x.
    const at = (n: number, y: number, x: number, c: number) => grid.data[((n * 2 + y) * 3 + x) * 4 + c];
    expect(at(0, 0, 0, 0)).toBe(10);
    expect(at(0, 0, 2, 3)).toBe(33);
    expect(at(0, 1, 0, 1)).toBe(41);
    expect(at(1, 1, 2, 2)).toBe(1062);
  });

  it('rejects a grid that does not fit the token count', () => {
    expect(() => tokensToGrid(tokens(), { prefix: 0, height: 2, width: 3 })).toThrow(/needs 6 tokens/);
  });
});

describe('gridToTokens', () => {
  it('inverts tokensToGrid with the prefix tokens put back, from either layout', () => {
    const original = tokens();
    const grid = { prefix: 1, height: 2, width: 3 };
    const map = tokensToGrid(original, grid);
    const prefix = Float32Array.from([0, 1, 2, 3, 1000, 1001, 1002, 1003]);
    expect(gridToTokens(map, prefix, grid)).toEqual(original);
    const nchw = new Float32Array(map.data.length);
    for (let n = 0; n < 2; n++) {
      for (let cell = 0; cell < 6; cell++) {
        for (let c = 0; c < 4; c++) nchw[(n * 4 + c) * 6 + cell] = map.data[(n * 6 + cell) * 4 + c]!;
      }
    }
    expect(gridToTokens({ data: nchw, shape: [2, 4, 2, 3], layout: 'nchw' }, prefix, grid)).toEqual(original);
  });
});
