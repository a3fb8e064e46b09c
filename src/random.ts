/**
 * A seeded pseudo-random source (mulberry32: 32-bit state, good enough to draw losses, jitter
 * and toxicity, and small enough to need no library), so an impaired run can be repeated with
 * the same draws: `--seed`.
 * @returns numbers in [0, 1)
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for when none is given: printed with the status, so the run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
