import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is reproducible from its seed and from a saved state', () => {
    const a = new Rng(42);
    const first = [a.next(), a.next(), a.next()];
    expect(first).toEqual([
      new Rng(42).next(),
      ...(() => {
        const r = new Rng(42);
        r.next();
        return [r.next(), r.next()];
      })(),
    ]);
    const saved = a.state;
    const cont = [a.next(), a.next()];
    const b = new Rng(0);
    b.state = saved;
    expect([b.next(), b.next()]).toEqual(cont);
  });

  it('draws integers in range and shuffles to a permutation', () => {
    const r = new Rng(7);
    const ints = Array.from({ length: 1000 }, () => r.int(10));
    expect(Math.min(...ints)).toBe(0);
    expect(Math.max(...ints)).toBe(9);
    const perm = r.shuffle(Uint32Array.from({ length: 50 }, (_, i) => i));
    expect([...perm].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...perm]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
