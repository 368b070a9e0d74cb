// The fuzzers' seeded random stream: the simulator's mulberry32 (sim/engine/rng.ts) with the picks a
// case generator needs. Case N of seed S is always the same case, and can be made without making
// cases 0…N-1.
import { createRng } from '../sim/engine/rng.js';

export interface Prng {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [lo, hi], both included. */
  between(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function createPrng(seed: number): Prng {
  // The simulator's mulberry32 stream, without its fork: the numbers of a seed are the same as before.
  const { next } = createRng(seed);
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    between: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)]!;
    },
  };
}

/** The stream of case `index` of run `seed`: the two mixed so neighbouring cases look unrelated. */
export function casePrng(seed: number, index: number): Prng {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index >>> 0, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return createPrng((h ^ (h >>> 16)) >>> 0);
}
