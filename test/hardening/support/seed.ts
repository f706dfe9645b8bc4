// One seed for every generated input of a run: fixed unless HARDENING_SEED is set, and
// printed, so a failure reproduces with `HARDENING_SEED=<seed> pnpm vitest run --project hardening`.
import type { Parameters } from 'fast-check';

const DEFAULT_SEED = 20_261_127;

function readSeed(): number {
  const raw = process.env.HARDENING_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`HARDENING_SEED must be an integer, got ${raw}`);
  return seed;
}

export const SEED = readSeed();

const printed = new Set<string>();

/** Prints the seed once per suite; call it at the top of each test file. */
export function announceSeed(suite: string): number {
  if (!printed.has(suite)) {
    printed.add(suite);
    console.log(`[hardening:${suite}] seed ${SEED} (replay: HARDENING_SEED=${SEED})`);
  }
  return SEED;
}

/** fast-check parameters with the run's seed and a bounded number of runs. */
export function runs<T>(numRuns: number, extra: Parameters<T> = {}): Parameters<T> {
  return { seed: SEED, numRuns, endOnFailure: true, ...extra };
}

/** A small seeded PRNG (mulberry32) for scripted attackers that need "random" choices. */
export function prng(seed: number = SEED): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
