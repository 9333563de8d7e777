/**
 * A small seeded pseudo-random generator for the protocol's property tests,
 * so that every run sees the same cases and a failure can be replayed.
 *
 * @module
 */

/** A source of numbers in [0, 1), as `Math.random` but repeatable. */
export type Random = () => number;

/**
 * The mulberry32 generator: 32 bits of state, good enough to pick test cases.
 *
 * @example
 * ```ts
 * const rand = prng(1);
 * rand(); // the same number on every run
 * ```
 */
export function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n). */
export function int(rand: Random, n: number): number {
  return Math.floor(rand() * n);
}

/** One element of `items`, picked uniformly. */
export function pick<T>(rand: Random, items: readonly T[]): T {
  return items[int(rand, items.length)];
}
