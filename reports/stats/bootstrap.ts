import { nearestRank } from '../../src/metrics/percentiles.js';
import { seededRandom } from '../../src/random.js';

/** A ratio of one percentile in two runs, with the bootstrap's view of how noisy it is. */
export interface RatioEstimate {
  /** the p-th percentile of each side */
  current: number;
  reference: number;
  /** current / reference */
  ratio: number;
  /** The `confidence` percentile interval of the resampled ratios. */
  low: number;
  high: number;
  /** Standard deviation of the resampled ratios (hyperfine's `± σ`). */
  sd: number;
  confidence: number;
  resamples: number;
  /** Samples per resampled block, per side: consecutive samples move together. */
  blockLength: { current: number; reference: number };
}

export interface BootstrapOptions {
  /** default 1000 */
  resamples?: number;
  /** default 0.95 */
  confidence?: number;
  /** default 1: the same runs give the same interval everywhere. */
  seed?: number;
}

/**
 * One resampler per series: a moving-block bootstrap (blocks of ⌈n^(1/3)⌉ consecutive samples,
 * circular) because consecutive latencies are correlated (a player that fell behind stays behind
 * for a while), and resampling single samples would understate the noise. Resamples are built
 * as rank counts, so each costs O(n) and the percentile is read with `nearestRank`, the one
 * percentile of src/metrics.
 */
class BlockResampler {
  readonly sorted: number[];
  readonly blockLength: number;
  readonly #rankOf: Int32Array;
  readonly #counts: Int32Array;
  readonly #resample: number[];

  constructor(values: readonly number[]) {
    const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
    this.sorted = order.map((i) => values[i] as number);
    this.#rankOf = new Int32Array(values.length);
    order.forEach((original, rank) => {
      this.#rankOf[original] = rank;
    });
    this.#counts = new Int32Array(values.length);
    this.#resample = new Array<number>(values.length);
    this.blockLength = Math.max(1, Math.ceil(Math.cbrt(values.length)));
  }

  percentile(p: number): number {
    return nearestRank(this.sorted, p);
  }

  resampledPercentile(p: number, random: () => number): number {
    const n = this.sorted.length;
    this.#counts.fill(0);
    for (let taken = 0; taken < n; ) {
      const start = Math.floor(random() * n);
      for (let k = 0; k < this.blockLength && taken < n; k += 1, taken += 1) {
        this.#counts[this.#rankOf[(start + k) % n] as number]! += 1;
      }
    }
    let j = 0;
    for (let rank = 0; rank < n; rank += 1) {
      for (let c = this.#counts[rank] as number; c > 0; c -= 1)
        this.#resample[j++] = this.sorted[rank] as number;
    }
    return nearestRank(this.#resample, p);
  }
}

/**
 * How `current`'s p-th percentile compares with `reference`'s: their ratio and a seeded
 * moving-block bootstrap interval over the samples of both. Deterministic for a given seed.
 * It measures the noise within the two runs only; how far a player lands from run to run (hls.js
 * settles where start-up left it) is noise it cannot see.
 *
 * @returns null when either side has no values or the reference percentile is not above 0
 */
export function bootstrapRatio(
  current: readonly number[],
  reference: readonly number[],
  p: number,
  options: BootstrapOptions = {},
): RatioEstimate | null {
  if (current.length === 0 || reference.length === 0) return null;
  const a = new BlockResampler(current);
  const b = new BlockResampler(reference);
  const base = b.percentile(p);
  if (!(base > 0)) return null;
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const random = seededRandom(options.seed ?? 1);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i += 1) {
    const r = b.resampledPercentile(p, random);
    if (r > 0) ratios.push(a.resampledPercentile(p, random) / r);
  }
  if (ratios.length === 0) return null;
  ratios.sort((x, y) => x - y);
  let mean = 0;
  for (const r of ratios) mean += r / ratios.length;
  let variance = 0;
  for (const r of ratios) variance += (r - mean) ** 2 / Math.max(1, ratios.length - 1);
  const tail = ((1 - confidence) / 2) * 100;
  return {
    current: a.percentile(p),
    reference: base,
    ratio: a.percentile(p) / base,
    low: nearestRank(ratios, Math.max(tail, 1e-9)),
    high: nearestRank(ratios, 100 - tail),
    sd: Math.sqrt(variance),
    confidence,
    resamples,
    blockLength: { current: a.blockLength, reference: b.blockLength },
  };
}
