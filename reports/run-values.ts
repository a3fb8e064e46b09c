import { metricValues } from '../src/metrics/metric-values.js';
import { countsInStatistics } from '../src/metrics/warmup.js';
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
