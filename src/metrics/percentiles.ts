import type { Distribution, PercentileMethod } from '../run/types.js';

/** The method of every percentile and median llhls computes, as summary.json states it
 *  (`percentiles`): nearest rank, and the median is its p50. */
export const PERCENTILE_METHOD: PercentileMethod = { method: 'nearest-rank', median: 'p50' };

/** A stated percentile method in words, for reports. */
export function describePercentileMethod(stated: PercentileMethod): string {
  // One method exists; the switch makes a second one a compile error here until it has words.
  switch (stated.method) {
    case 'nearest-rank':
      return 'nearest rank: the p-th percentile is the value at rank ⌈p/100 · n⌉ of the sorted samples after warm-up, so every figure is a latency that occurred; the median is the p50, the lower middle value of an even count (src/metrics/percentiles.ts)';
  }
}

/**
 * The p-th percentile of ascending `sorted` values by the nearest-rank method: the smallest value
 * such that at least p% of the values are at or below it (rank ceil(p/100 * n), 1-based).
 * Nearest rank rather than interpolation so every reported figure is a latency that really
 * occurred, and a reader can recompute it from samples.jsonl exactly.
 *
 * @param sorted values in ascending order, at least one
 * @param p percentile in (0, 100]
 */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new Error('nearestRank: no values');
  if (!(p > 0 && p <= 100)) throw new Error(`nearestRank: p must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/**
 * The median of `values` as summary.json states it: the nearest-rank p50, the lower of the two
 * middle values when their count is even (so it, too, is a value that occurred); null when there
 * are no finite values. The one median of the project: statistics, counters and estimators alike.
 */
export function median(values: Iterable<number>): number | null {
  const sorted = Float64Array.from(values)
    .filter((v) => Number.isFinite(v))
    .sort();
  return sorted.length === 0 ? null : nearestRank(sorted, 50);
}

/**
 * count, min, mean, p50, p90, p95, p99 and max of `values` (nearest rank, see `nearestRank`);
 * null when there are no finite values. Non-finite values are ignored.
 */
export function distribution(values: Iterable<number>): Distribution | null {
  const sorted = Float64Array.from(values)
    .filter((v) => Number.isFinite(v))
    .sort();
  return distributionOfSorted(sorted);
}

/** `distribution` of values already sorted ascending, all finite (typed arrays sort numerically). */
export function distributionOfSorted(sorted: ArrayLike<number>): Distribution | null {
  const n = sorted.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += sorted[i] as number;
  return {
    count: n,
    min: sorted[0] as number,
    mean: sum / n,
    p50: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    p95: nearestRank(sorted, 95),
    p99: nearestRank(sorted, 99),
    max: sorted[n - 1] as number,
  };
}
