// Seeded random streams. `fork(name)` derives an independent stream from the parent's seed and the
// name, so adding a consumer never shifts the numbers another consumer sees.
import { fnv32a } from '../../models/kube/names.js';
import type { Rng } from '../../models/controller.js';

export type { Rng };

/** mulberry32: small, fast and good enough for choosing names, nodes and endpoints. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    nextInt(n: number): number {
      if (!(n > 0)) throw new Error(`nextInt needs a positive bound, got ${n}`);
      return Math.floor(next() * n);
    },
    fork(name: string): Rng {
      return createRng((fnv32a(name) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0);
    },
  };
}
