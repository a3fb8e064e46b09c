import { metricValues } from '../src/metrics/metric-values.js';
import { nearestRank } from '../src/metrics/percentiles.js';
import { countsInStatistics } from '../src/metrics/warmup.js';
import { artilleryName } from '../src/run/artillery-names.js';
import { ARTILLERY_PERCENTILES } from '../src/run/artillery-output.js';
import type { ClientKind, MetricName } from '../src/run/types.js';
import type { ReportRun } from './report-run.js';

/** When a client's warm-up ended, as its summary says (the run's when the client has none). */
export function warmupEndOf(run: ReportRun, client: ClientKind): number {
  return run.summary.clients.find((c) => c.client === client)?.warmupEndsAt ?? run.summary.warmupEndsAt;
}

/**
 * The values of one metric of one client that count in its statistics (src/metrics: after its
 * warm-up, startup always), in sample order (time order): what summary.json's percentiles are
 * computed over, for percentiles it does not list and for the bootstrap.
 */
export function runValues(run: ReportRun, client: ClientKind, metric: MetricName): number[] {
  const warmupEndsAt = warmupEndOf(run, client);
  const out: number[] = [];
  for (const sample of run.samples) {
    if (sample.client !== client) continue;
    for (const v of metricValues(sample)) {
      if (v.metric === metric && countsInStatistics(metric, sample.t, warmupEndsAt)) out.push(v.value);
    }
  }
  return out;
}

/**
 * A run's percentile of a metric and what it is over (or why there is none): Artillery's own
 * figure for Artillery output (it keeps p50, p75, p90, p95, p99 and p99.9 only, merged across its
 * workers), else the nearest-rank percentile of the values after warm-up (summary.json's method).
 */
export function runPercentile(
  run: ReportRun,
  client: ClientKind,
  metric: MetricName,
  p: number,
): { value: number | null; note: string } {
  if (run.artillery !== undefined) {
    const s = run.artillery.aggregate.summaries[artilleryName(metric)];
    if (s === undefined || s.count === 0) return { value: null, note: 'no values in the Artillery output' };
    const field = ARTILLERY_PERCENTILES.get(p);
    if (field === undefined) {
      const kept = [...ARTILLERY_PERCENTILES.keys()].map((k) => `p(${k})`).join(', ');
      return { value: null, note: `Artillery keeps ${kept} only` };
    }
    return { value: s[field], note: `Artillery's figure over ${s.count} values` };
  }
  const values = runValues(run, client, metric);
  if (values.length === 0) return { value: null, note: 'no samples' };
  return {
    value: nearestRank(
      values.sort((a, b) => a - b),
      p,
    ),
    note: `${values.length} samples after warm-up`,
  };
}
