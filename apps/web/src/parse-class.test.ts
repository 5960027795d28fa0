import { describe, expect, it } from 'vitest';
import { parseClass } from './parse-class.js';

const labels = ['tabby', 'tiger cat', 'bull mastiff', 'tiger'];

describe('parseClass', () => {
  it('reads an index, a label, or the one label that contains the text', () => {
    expect(parseClass('', labels, 4)).toBeUndefined();
    expect(parseClass(' 2 ', labels, 4)).toBe(2);
    expect(parseClass('Tiger', labels, 4)).toBe(3);
    expect(parseClass('mastiff', labels, 4)).toBe(2);
  });

  it('says why a text names no class', () => {
    expect(() => parseClass('7', labels, 4)).toThrow(
      'Class 7 does not exist: this model has classes 0 to 3.',
    );
    expect(() => parseClass('dog', labels, 4)).toThrow('No class is called "dog".');
    expect(() => parseClass('tig', labels, 4)).toThrow(/matches 2 classes \(tiger cat, tiger\)/);
    expect(() => parseClass('cat', undefined, 10)).toThrow(/type a class index/);
  });
});
