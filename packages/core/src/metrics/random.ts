/**
 * Mixes integers into one 32-bit seed (a multiply-xorshift hash), so that each (sample, order, percentile) of a
 * metric draws its own reproducible stream whatever the batching.
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
 * Uniform pseudo-random numbers in `[0, 1)` from a 32-bit seed (mulberry32): deterministic and fast, not
 * cryptographic.
 *
 * @param seed - any number; its integer part modulo 2^32 is used.
 */
export function seededUniform(seed: number): () => number {
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal pseudo-random numbers (Box-Muller over {@link seededUniform}).
 *
 * @param seed - any number; its integer part modulo 2^32 is used.
 */
export function seededGaussian(seed: number): () => number {
  const uniform = seededUniform(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
