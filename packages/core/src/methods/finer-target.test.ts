import { describe, expect, it } from 'vitest';
import { finerComparisonClasses, finerTargetGradient, finerTargetValue } from './finer-target.js';

describe('FinerCAM target', () => {
  const scores = [0.3, -1.2, 2.5, 0.9, 2.1, -0.4, 1.7];

  it('compares with the classes whose scores are closest, the class itself at rank 0', () => {
    // |s - s_4| = 1.8, 3.3, 0.4, 1.2, 0, 2.5, 0.4: class 4, then 2 (tie with 6, lower index first), 6, 3, 0.
    expect(finerComparisonClasses(scores, 4, [0, 1, 2, 3, 4])).toEqual([4, 2, 6, 3, 0]);
    // Order 4, 2, 6, 3, 0, 5, 1: ranks beyond the last class are left out; none left, or a bad rank, is an error.
    expect(finerComparisonClasses(scores, 4, [5, 6, 7, 8])).toEqual([5, 1]);
    expect(() => finerComparisonClasses(scores, 4, [7])).toThrow(/beyond/);
    expect(() => finerComparisonClasses(scores, 4, [1.5])).toThrow(/non-negative integers/);
  });

  it('has the closed-form value and a gradient that matches central differences', () => {
    const target = { main: 4, comparison: [2, 6, 3], alpha: 0.7 };
    const p = scores.map(Math.exp);
    const expected =
      (p[2]! * (2.1 - 0.7 * 2.5) + p[6]! * (2.1 - 0.7 * 1.7) + p[3]! * (2.1 - 0.7 * 0.9)) /
      (p[2]! + p[6]! + p[3]!);
    // The softmax's normaliser cancels up to the 1e-9 in the denominator.
    expect(finerTargetValue(scores, target)).toBeCloseTo(expected, 7);
    const gradient = finerTargetGradient(scores, target);
    const h = 1e-6;
    scores.forEach((_, k) => {
      const plus = scores.map((value, i) => (i === k ? value + h : value));
      const minus = scores.map((value, i) => (i === k ? value - h : value));
      const numeric = (finerTargetValue(plus, target) - finerTargetValue(minus, target)) / (2 * h);
      expect(Math.abs(gradient[k]! - numeric)).toBeLessThan(1e-8);
    });
    // Classes outside the comparison and not the main class move the target only through the 1e-9.
    expect(Math.abs(gradient[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(gradient[1]!)).toBeLessThan(1e-9);
    expect(gradient[4]).toBeGreaterThan(0.99);
  });
});
