import type { ClientKind } from '../../src/run/types.js';
import { MetricName } from '../../src/run/types.js';
import type { ReportRun } from '../report-run.js';
import { runValues } from '../run-values.js';
import { bootstrapRatio } from '../stats/bootstrap.js';

/** A run's p50 relative to the reference run's, hyperfine style: `1.37 ± 0.05`. */
export interface RelativeCell {
  run: string;
  client: ClientKind;
  metric: MetricName;
  ratio: number;
  /** standard deviation of the bootstrap ratio */
  sd: number;
}

/** Resamples for the ± of the table: a spread to read, not a gate (the gate uses 1000). */
const RESAMPLES = 200;

/**
 * The `Relative` column of several runs: each client's and metric's p50 divided by the reference
 * run's (the first run, or --baseline), ± the standard deviation of a seeded block bootstrap of
 * that ratio. The reference reads 1.00. Pure.
 */
export function relativeColumn(runs: readonly ReportRun[], reference: ReportRun): RelativeCell[] {
  const cells: RelativeCell[] = [];
  for (const run of runs) {
    for (const c of run.summary.clients) {
      for (const m of c.metrics) {
        if (m.metric === MetricName.Startup) continue;
        if (run.dir === reference.dir) {
          cells.push({ run: run.label, client: c.client, metric: m.metric, ratio: 1, sd: 0 });
          continue;
        }
        const est = bootstrapRatio(
          runValues(run, c.client, m.metric),
          runValues(reference, c.client, m.metric),
          50,
          { resamples: RESAMPLES },
        );
        if (est !== null)
          cells.push({ run: run.label, client: c.client, metric: m.metric, ratio: est.ratio, sd: est.sd });
      }
    }
  }
  return cells;
}

/** `1.00`, `1.37 ± 0.05` */
export function relativeText(cell: Pick<RelativeCell, 'ratio' | 'sd'>): string {
  return cell.sd === 0 ? cell.ratio.toFixed(2) : `${cell.ratio.toFixed(2)} ± ${cell.sd.toFixed(2)}`;
}
