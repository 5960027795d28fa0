import { describe, expect, it } from 'vitest';
import { parseTokensOption } from './tokens-option.js';

describe('parseTokensOption', () => {
  it('reads prefix, height and width, or size=HxW', () => {
    expect(parseTokensOption('prefix=1,height=14,width=14')).toEqual({ prefix: 1, height: 14, width: 14 });
    expect(parseTokensOption('prefix=0, size=7x9')).toEqual({ prefix: 0, height: 7, width: 9 });
    expect(parseTokensOption('prefix=5')).toEqual({ prefix: 5 });
  });
  it('rejects unknown keys, bad values and empty text with a usage error naming the option', () => {
    expect(() => parseTokensOption('cls=1')).toThrow(/--tokens: unknown key "cls"/);
    expect(() => parseTokensOption('prefix=-1')).toThrow(/prefix must be a non-negative integer/);
    expect(() => parseTokensOption('height=0')).toThrow(/height must be a positive integer/);
    expect(() => parseTokensOption('size=14')).toThrow(/size must be HxW/);
    expect(() => parseTokensOption('prefix')).toThrow(/is not key=value/);
    expect(() => parseTokensOption('')).toThrow(/needs at least one/);
  });
});
