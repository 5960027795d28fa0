import { describe, expect, it } from 'vitest';
import { samePadding, windowOutputSize } from './same-padding.js';

describe('samePadding', () => {
  it('pads a 3x3 window by one on each side at stride 1', () => {
    expect(samePadding(32, 3, 1)).toEqual([1, 1]);
    expect(windowOutputSize(32, 3, 1, 1, 'same')).toBe(32);
  });

  it('puts the odd element at the end, as TensorFlow does', () => {
    // 8 inputs, 3-wide windows every 2: 4 outputs reach (4 - 1) * 2 + 3 = 9, one past the end.
    expect(samePadding(8, 3, 2)).toEqual([0, 1]);
    // 7 inputs: 4 outputs reach 9, two past: one on each side.
    expect(samePadding(7, 3, 2)).toEqual([1, 1]);
    // 2-wide windows every 1 over 5: one extra, at the end.
    expect(samePadding(5, 2, 1)).toEqual([0, 1]);
  });

  it('widens the window by the dilation', () => {
    // Extent (3 - 1) * 2 + 1 = 5: four extra, two on each side.
    expect(samePadding(10, 3, 1, 2)).toEqual([2, 2]);
  });

  it('never pads when the windows already fit', () => {
    expect(samePadding(4, 2, 2)).toEqual([0, 0]);
    expect(samePadding(1, 1, 3)).toEqual([0, 0]);
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => samePadding(0, 3, 1)).toThrow(RangeError);
    expect(() => samePadding(5, 3, 1.5)).toThrow(/stride must be a positive integer/);
  });
});

describe('windowOutputSize', () => {
  it('follows TensorFlow for valid and same padding', () => {
    expect(windowOutputSize(32, 3, 1, 1, 'valid')).toBe(30);
    expect(windowOutputSize(32, 2, 2, 1, 'valid')).toBe(16);
    expect(windowOutputSize(7, 3, 2, 1, 'valid')).toBe(3);
    expect(windowOutputSize(7, 3, 2, 1, 'same')).toBe(4);
    expect(windowOutputSize(10, 3, 1, 2, 'valid')).toBe(6);
    expect(windowOutputSize(null, 3, 1, 1, 'same')).toBeNull();
  });
});
