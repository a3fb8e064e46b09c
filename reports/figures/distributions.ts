import { type ClientKind, MetricName } from '../../src/run/types.js';
import type { ReportRun } from '../report-run.js';
import { runValues } from '../run-values.js';
import { type Point, roundMs } from './point.js';

/** Metrics drawn as CDF and histogram (startup has a value or two; hls.js's own figure is kept
 *  in the table only, MEASUREMENT.md: never the headline). */
export const DISTRIBUTION_METRICS: readonly MetricName[] = [
  MetricName.CaptureToDisplay,
  MetricName.CaptureToLastByte,
  MetricName.CaptureToFirstByte,
  MetricName.Packaging,
  MetricName.Delivery,
  MetricName.PlaylistHold,
  MetricName.EstimatedDisplay,
];

export interface DistributionSeries {
  run: string;
  client: ClientKind;
  count: number;
  /** x: latency ms, y: fraction of samples at or below it (at most CDF_POINTS points) */
  cdf: Point[];
  /** fraction of samples in each bin of the metric's shared `edges` */
  histogram: number[];
}

export interface MetricDistribution {
  metric: MetricName;
  /** bin edges shared by every series, so runs overlay: edges.length = bins + 1 */
  edges: number[];
  series: DistributionSeries[];
}

const CDF_POINTS = 400;
const BINS = 40;

function cdfOf(sorted: number[]): Point[] {
  const n = sorted.length;
  const step = Math.max(1, Math.floor(n / CDF_POINTS));
  const out: Point[] = [];
  for (let i = 0; i < n; i += step) out.push({ x: roundMs(sorted[i]!), y: (i + 1) / n });
  if (out[out.length - 1]?.y !== 1) out.push({ x: roundMs(sorted[n - 1]!), y: 1 });
  return out;
}

/**
 * CDF and histogram of each metric's values after warm-up (the values summary.json's
 * percentiles are taken over), per run and client, on shared bins so runs overlay. Pure.
 */
export function distributions(runs: readonly ReportRun[]): MetricDistribution[] {
  const out: MetricDistribution[] = [];
  for (const metric of DISTRIBUTION_METRICS) {
    const sets: Array<{ run: string; client: ClientKind; sorted: number[] }> = [];
    for (const run of runs) {
      for (const c of run.summary.clients) {
        const sorted = runValues(run, c.client, metric).sort((a, b) => a - b);
        if (sorted.length > 0) sets.push({ run: run.label, client: c.client, sorted });
      }
    }
    if (sets.length === 0) continue;
    const lo = Math.min(...sets.map((s) => s.sorted[0]!));
    const hi = Math.max(...sets.map((s) => s.sorted[s.sorted.length - 1]!));
    const width = (hi - lo) / BINS || 1;
    const edges = Array.from({ length: BINS + 1 }, (_, i) => roundMs(lo + i * width));
    out.push({
      metric,
      edges,
      series: sets.map(({ run, client, sorted }) => {
        const counts = new Array<number>(BINS).fill(0);
        for (const v of sorted) counts[Math.min(BINS - 1, Math.floor((v - lo) / width))]! += 1;
        return {
          run,
          client,
          count: sorted.length,
          cdf: cdfOf(sorted),
          histogram: counts.map((c) => Math.round((c / sorted.length) * 10000) / 10000),
        };
      }),
    });
  }
  return out;
}
