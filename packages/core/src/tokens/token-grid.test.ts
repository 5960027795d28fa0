import { describe, expect, it } from 'vitest';
import { TokenGridError } from '../errors/token-grid-error.js';
import { resolveTokenGrid } from './token-grid.js';

const square = { height: 224, width: 224 };

describe('resolveTokenGrid', () => {
  it.each([
    [197, square, { prefix: 1, height: 14, width: 14 }, 'ViT-B/16: class token + 14x14'],
    [198, square, { prefix: 2, height: 14, width: 14 }, 'DeiT distilled: class + distillation tokens'],
    [201, square, { prefix: 5, height: 14, width: 14 }, 'class token + 4 registers'],
    [49, square, { prefix: 0, height: 7, width: 7 }, "Swin's last stage: no prefix"],
    [50, square, { prefix: 1, height: 7, width: 7 }, 'ViT-B/32'],
    [393, { height: 224, width: 448 }, { prefix: 1, height: 14, width: 28 }, 'a 1:2 input'],
    [1370, { height: 518, width: 518 }, { prefix: 1, height: 37, width: 37 }, 'DINOv2 at 518 with patch 14'],
  ])('%i tokens at %o → %o (%s)', (tokens, input, expected) => {
    expect(resolveTokenGrid(tokens, input)).toEqual(expected);
  });

  it('takes height and width as given and the prefix as what is left', () => {
    expect(resolveTokenGrid(197, square, { height: 14, width: 14 })).toEqual({
      prefix: 1,
      height: 14,
      width: 14,
    });
    expect(resolveTokenGrid(197, square, { height: 7, width: 28 })).toEqual({
      prefix: 1,
      height: 7,
      width: 28,
    });
    expect(resolveTokenGrid(197, square, { prefix: 1, height: 4 })).toEqual({
      prefix: 1,
      height: 4,
      width: 49,
    });
  });

  it('infers the grid after a given prefix', () => {
    expect(resolveTokenGrid(201, square, { prefix: 5 })).toEqual({ prefix: 5, height: 14, width: 14 });
  });

  it('rejects what does not fit with a TokenGridError saying what to pass', () => {
    expect(() => resolveTokenGrid(197, square, { prefix: 2 })).toThrow(
      /--tokens prefix=1,height=14,width=14/,
    );
    expect(() => resolveTokenGrid(197, square, { prefix: 1, height: 14, width: 15 })).toThrow(TokenGridError);
    expect(() => resolveTokenGrid(197, square, { height: 0 })).toThrow(/positive integer/);
    const error = (() => {
      try {
        resolveTokenGrid(20, { height: 224, width: 300 });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(TokenGridError.isInstance(error)).toBe(true);
    expect((error as TokenGridError).code).toBe('token-grid');
    expect((error as TokenGridError).tokens).toBe(20);
  });
});
