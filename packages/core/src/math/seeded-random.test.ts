import { describe, expect, it } from 'vitest';
import { mixSeed, SeededRandom } from './seeded-random.js';

describe('SeededRandom', () => {
  it('is reproducible from its seed and resumes exactly from a saved state', () => {
    const a = new SeededRandom(42);
    const first = [a.next(), a.next(), a.next()];
    const b = new SeededRandom(42);
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    const saved = a.state;
    const continued = [a.next(), a.next()];
    const resumed = new SeededRandom(saved);
    expect([resumed.next(), resumed.next()]).toEqual(continued);
    expect(new SeededRandom(43).next()).not.toBe(first[0]);
  });

  it('draws uniform numbers in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = new SeededRandom(7);
    const count = 200_000;
    let sum = 0;
    let squares = 0;
    let low = 1;
    let high = 0;
    for (let i = 0; i < count; i++) {
      const value = random.next();
      sum += value;
      squares += value * value;
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    const mean = sum / count;
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    // Standard error of the mean: sqrt(1/12 / count) ~ 6.5e-4.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4e-3);
    expect(Math.abs(squares / count - mean * mean - 1 / 12)).toBeLessThan(2e-3);
  });

  it('draws standard normal numbers (mean 0, variance 1, 95% within 1.96)', () => {
    const random = new SeededRandom(11);
    const count = 200_000;
    let sum = 0;
    let squares = 0;
    let inside = 0;
    for (let i = 0; i < count; i++) {
      const value = random.gaussian();
      sum += value;
      squares += value * value;
      if (Math.abs(value) < 1.959964) inside++;
    }
    expect(Math.abs(sum / count)).toBeLessThan(1e-2);
    expect(Math.abs(squares / count - 1)).toBeLessThan(1.5e-2);
    expect(Math.abs(inside / count - 0.95)).toBeLessThan(3e-3);
  });

  it('draws integers in range and shuffles to a permutation', () => {
    const random = new SeededRandom(7);
    const ints = Array.from({ length: 1000 }, () => random.int(10));
    expect(Math.min(...ints)).toBe(0);
    expect(Math.max(...ints)).toBe(9);
    const identity = Array.from({ length: 50 }, (_, i) => i);
    const permutation = random.shuffle(Uint32Array.from(identity));
    expect([...permutation].sort((x, y) => x - y)).toEqual(identity);
    expect([...permutation]).not.toEqual(identity);
  });
});

describe('mixSeed', () => {
  it('is deterministic and separates the parts and their count', () => {
    expect(mixSeed(1, 2, 3)).toBe(mixSeed(1, 2, 3));
    const seeds = new Set([
      mixSeed(1),
      mixSeed(1, 0),
      mixSeed(1, 0, 0),
      mixSeed(1, 2, 3),
      mixSeed(1, 3, 2),
      mixSeed(2, 2, 3),
    ]);
    expect(seeds.size).toBe(6);
  });
});
