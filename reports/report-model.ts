import { describePercentileMethod, PERCENTILE_METHOD } from '../src/metrics/percentiles.js';
import { ARTILLERY_FIGURES_NOTE } from '../src/run/artillery-summary.js';
import {
  type ComparisonInput,
  type ComparisonTable,
  comparisonTable,
} from './figures/configuration-table.js';
import { distributions, type MetricDistribution } from './figures/distributions.js';
import { type LatencyBreakdown, latencyBreakdown } from './figures/latency-breakdown.js';
import { type LatencyOverTime, latencyOverTime } from './figures/latency-over-time.js';
import { type RelativeCell, relativeColumn } from './figures/relative.js';
import { type RunTable, runTable } from './figures/run-table.js';
import { type Waterfall, waterfalls } from './figures/waterfall.js';
import type { ReportRun } from './report-run.js';
import type { Assertion } from './verdict/assertion.js';
import { type Verdict, verdict } from './verdict/verdict.js';

export interface ReportOptions {
  assertions?: readonly Assertion[];
  /** --baseline: compared with, and the reference of the Relative column */
  baseline?: ReportRun | undefined;
  /** fraction, e.g. 0.1 */
  maxRegression?: number;
  /** llhls compare: its configurations and their runs, for the table per configuration */
  comparison?: ComparisonInput | undefined;
  /** the run Relative divides by when there is no baseline (default the first) */
  reference?: ReportRun | undefined;
}

/** Everything a report shows, computed from the runs: figures and series, no rendering. */
export interface ReportModel {
  runs: RunTable[];
  /** the run the Relative column divides by: --baseline, else the first (null for one run) */
  reference: string | null;
  relative: RelativeCell[];
  timelines: LatencyOverTime[];
  breakdowns: LatencyBreakdown[];
  distributions: MetricDistribution[];
  waterfalls: Waterfall[];
  /** null when nothing was asserted and no baseline given */
  verdict: Verdict | null;
  percentileMethod: string;
  /** llhls compare's table, a row per configuration; null for a report of runs */
  comparison: ComparisonTable | null;
}

/** The runs a report shows figures of: the runs, and the baseline when it is not one of them. */
export function reportedRuns(
  runs: readonly ReportRun[],
  baseline: ReportRun | undefined,
): readonly ReportRun[] {
  return baseline !== undefined && !runs.some((r) => r.dir === baseline.dir) ? [...runs, baseline] : runs;
}

/** Said of a run's figures where its status is: where they come from when not summary.json. */
export function sourceNote(source: ReportRun['summarySource']): string {
  if (source === 'recomputed') return ', figures recomputed from samples.jsonl';
  if (source === 'artillery') return ", figures: Artillery's own summaries";
  return '';
}

/** The percentile method of a report, as the runs' summaries state it (a summary.json from
 *  before it was stated used the one method there is), with Artillery's named when some run's
 *  figures are its. */
export function percentileMethod(runs: readonly ReportRun[]): string {
  const artillery = runs.filter((r) => r.summarySource === 'artillery').map((r) => r.label);
  const stated = new Set(
    runs
      .filter((r) => r.summarySource !== 'artillery')
      .map((r) => describePercentileMethod(r.summary.percentiles ?? PERCENTILE_METHOD)),
  );
  const ours = [...stated].join('; ');
  if (artillery.length === 0) return ours;
  const theirs = `${artillery.join(', ')} (Artillery output): ${ARTILLERY_FIGURES_NOTE}, and only its periods' p50 and p99 over time`;
  return ours === '' ? theirs : `${ours}; except ${theirs}`;
}

/** Runs (read through src/run) → the report's figures. Pure. */
export function buildReportModel(runs: readonly ReportRun[], options: ReportOptions = {}): ReportModel {
  const assertions = options.assertions ?? [];
  const reference = options.baseline ?? options.reference ?? (runs.length > 1 ? runs[0] : undefined);
  const all = reportedRuns(runs, options.baseline);
  return {
    runs: all.map(runTable),
    reference: reference?.label ?? null,
    relative: reference === undefined ? [] : relativeColumn(all, reference),
    timelines: runs.map((r) => latencyOverTime(r)),
    breakdowns: all.flatMap(latencyBreakdown),
    distributions: distributions(all),
    waterfalls: runs.flatMap((r) => waterfalls(r)),
    verdict:
      assertions.length === 0 && options.baseline === undefined
        ? null
        : verdict(runs, {
            assertions,
            baseline: options.baseline,
            ...(options.maxRegression === undefined ? {} : { maxRegression: options.maxRegression }),
          }),
    percentileMethod: percentileMethod(all),
    comparison: options.comparison === undefined ? null : comparisonTable(options.comparison),
  };
}
