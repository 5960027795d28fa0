/**
 * Mixes integers into one 32-bit seed (a multiply-xorshift hash), so that each part of a computation (a sample, an
 * order, a step) can draw its own reproducible stream whatever the batching.
 *
 * @param seed - the base seed.
 * @param parts - further integers to mix in.
 */
export function mixSeed(seed: number, ...parts: readonly number[]): number {
  let hash = Math.trunc(seed) >>> 0;
  for (const part of [...parts, parts.length]) {
    hash = Math.imul(hash ^ (Math.trunc(part) >>> 0), 0x9e3779b1) >>> 0;
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
    hash = (hash ^ (hash >>> 13)) >>> 0;
  }
  return hash;
}

/**
 * A seeded pseudo-random generator (mulberry32): deterministic and fast, not cryptographic. Its whole state is one
 * 32-bit integer ({@link SeededRandom.state}), so a sequence can be saved and resumed exactly.
 */
export class SeededRandom {
  /** The current internal state; `new SeededRandom(state)` continues the same sequence. */
  state: number;
  /** Second value of the last Box-Muller pair, returned by the next {@link SeededRandom.gaussian} call. */
  #spare: number | undefined;

  /** @param seed - any number; its integer part modulo 2^32 is used. The same seed gives the same sequence. */
  constructor(seed: number) {
    this.state = Math.trunc(seed) >>> 0;
  }

  /** A uniform number in `[0, 1)`. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform integer in `[0, n)`. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal number (Box-Muller over two {@link SeededRandom.next} draws, the second value kept). */
  gaussian(): number {
    if (this.#spare !== undefined) {
      const value = this.#spare;
      this.#spare = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.#spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * Shuffles `items` in place (Fisher-Yates) and returns it.
   *
   * @param items - an array or typed array.
   */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const swap = items[i];
      items[i] = items[j];
      items[j] = swap;
    }
    return items;
  }
}
