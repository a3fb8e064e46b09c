import { type ClientKind, MetricName } from '../../src/run/types.js';
import type { ReportRun } from '../report-run.js';
import { runPercentile, runValues } from '../run-values.js';
import { type BootstrapOptions, bootstrapRatio } from '../stats/bootstrap.js';

/**
 * The metric compared for each client, best first: measured figures only. The node client's
 * simulated display (estimated_display) is left out: it is constant within a run once start-up
 * placed it, so its bootstrap interval has no width and it would gate on where start-up landed.
 */
export const REGRESSION_METRICS: readonly MetricName[] = [
  MetricName.CaptureToDisplay,
  MetricName.CaptureToLastByte,
  MetricName.CaptureToFirstByte,
];

/** Percentiles compared against the baseline: the typical viewer and the unlucky one. */
export const REGRESSION_PERCENTILES = [50, 95] as const;

/** One percentile of a client's headline metric against the baseline run. */
export interface RegressionCheck {
  run: string;
  baseline: string;
  client: ClientKind;
  metric: MetricName;
  p: number;
  current: number | null;
  reference: number | null;
  /** current / reference - 1, and the bootstrap interval of it */
  change: number | null;
  low: number | null;
  high: number | null;
  /** the tolerance: 0.1 for --max-regression 10% */
  maxRegression: number;
  /** false only when the change exceeds the tolerance AND its interval excludes no change */
  ok: boolean;
  note: string;
}

/**
 * Compares each client's headline measured metric (REGRESSION_METRICS: capture_to_display, else
 * capture_to_last_byte) at p50 and p95 with the baseline run's. A regression fails only when
 * it exceeds `maxRegression` and the whole bootstrap interval lies above no change: a difference
 * the run-to-run noise can explain never fails a build. Clients missing from the baseline are
 * not compared; a client with no samples in either run is a breach. Pure and deterministic
 * (seeded bootstrap).
 */
export function compareToBaseline(
  run: ReportRun,
  baseline: ReportRun,
  maxRegression: number,
  options: BootstrapOptions = {},
): RegressionCheck[] {
  if (run.artillery !== undefined || baseline.artillery !== undefined)
    return compareFigures(run, baseline, maxRegression);
  const checks: RegressionCheck[] = [];
  for (const c of run.summary.clients) {
    if (!baseline.summary.clients.some((b) => b.client === c.client)) continue;
    const metric =
      REGRESSION_METRICS.find(
        (m) => runValues(run, c.client, m).length > 0 && runValues(baseline, c.client, m).length > 0,
      ) ?? REGRESSION_METRICS[0]!;
    const current = runValues(run, c.client, metric);
    const reference = runValues(baseline, c.client, metric);
    for (const p of REGRESSION_PERCENTILES) {
      const base = { run: run.label, baseline: baseline.label, client: c.client, metric, p, maxRegression };
      const est = bootstrapRatio(current, reference, p, options);
      if (est === null) {
        checks.push({
          ...base,
          current: null,
          reference: null,
          change: null,
          low: null,
          high: null,
          ok: false,
          note: 'no samples to compare in one of the runs',
        });
        continue;
      }
      const change = est.ratio - 1;
      const beyondNoise = est.low > 1;
      const ok = !(change > maxRegression && beyondNoise);
      const note =
        change > maxRegression && !beyondNoise
          ? 'over the tolerance but within the noise: not a regression'
          : change > maxRegression
            ? 'regression beyond the noise'
            : 'within the tolerance';
      checks.push({
        ...base,
        current: est.current,
        reference: est.reference,
        change,
        low: est.low - 1,
        high: est.high - 1,
        ok,
        note,
      });
    }
  }
  return checks;
}

/**
 * The baseline gate when either side is Artillery output: Artillery keeps summaries, not samples,
 * so there is no bootstrap interval; the figures are compared against the tolerance alone, and
 * each check says so. Artillery's viewers are Node clients: only the node client is compared.
 */
function compareFigures(run: ReportRun, baseline: ReportRun, maxRegression: number): RegressionCheck[] {
  const client: ClientKind = 'node';
  if (!run.summary.clients.some((c) => c.client === client)) return [];
  if (!baseline.summary.clients.some((c) => c.client === client)) return [];
  const metric =
    REGRESSION_METRICS.find((m) =>
      REGRESSION_PERCENTILES.every(
        (p) =>
          runPercentile(run, client, m, p).value !== null &&
          runPercentile(baseline, client, m, p).value !== null,
      ),
    ) ?? REGRESSION_METRICS[0]!;
  return REGRESSION_PERCENTILES.map((p): RegressionCheck => {
    const current = runPercentile(run, client, metric, p).value;
    const reference = runPercentile(baseline, client, metric, p).value;
    const base = {
      run: run.label,
      baseline: baseline.label,
      client,
      metric,
      p,
      maxRegression,
      low: null,
      high: null,
    };
    if (current === null || reference === null || reference <= 0)
      return {
        ...base,
        current,
        reference,
        change: null,
        ok: false,
        note: 'no figure to compare in one of the runs',
      };
    const change = current / reference - 1;
    const ok = change <= maxRegression;
    const why = 'Artillery keeps summaries, not samples: no noise interval, the tolerance alone decides';
    return {
      ...base,
      current,
      reference,
      change,
      ok,
      note: `${ok ? 'within the tolerance' : 'regression'} (${why})`,
    };
  });
}
