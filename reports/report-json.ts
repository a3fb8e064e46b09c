import type { FindingCounts } from '../src/run/finding-counts.js';
import type { MetricSummary, RunSummary } from '../src/run/types.js';
import type { LatencyBreakdown } from './figures/latency-breakdown.js';
import type { RelativeCell } from './figures/relative.js';
import type { ClockRow, StallRow } from './figures/run-table.js';
import type { ReportModel } from './report-model.js';
import type { Verdict } from './verdict/verdict.js';

/** Version of report.json and of `llhls report --json` (schemas/report.schema.json). */
export const REPORT_SCHEMA = 'llhls.report/1';

/** The files a report wrote, relative to its directory. */
export interface ReportFiles {
  html: string;
  json: string;
  summaryMarkdown: string;
  samplesCsv: string;
  summaryCsv: string;
  /** null without assertions or baseline */
  junit: string | null;
  /** one per chart; empty with --no-png */
  png: string[];
  /** why `png` is empty although PNGs were asked (Chromium missing or failing); everything
   *  else was still written, and the command exits 1 */
  pngError?: string;
}

/** report.json: the verdict and the figures of every run, without the chart series. */
export interface ReportJson {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  /** absolute path of the report directory */
  dir: string;
  files: ReportFiles;
  percentileMethod: string;
  /** the run Relative divides by; null for one run */
  reference: string | null;
  runs: Array<{
    label: string;
    dir: string;
    status: RunSummary['status'];
    summarySource: 'summary.json' | 'recomputed' | 'artillery';
    /** problems in the run's files, `file:line: message` */
    issues: string[];
    metrics: MetricSummary[];
    startup: Array<{ client: string; ms: number | null }>;
    stalls: StallRow[];
    findings: FindingCounts & { text: string };
    clock: { rows: ClockRow[]; driftMs: number | null };
    warnings: string[];
  }>;
  relative: RelativeCell[];
  breakdown: Array<Pick<LatencyBreakdown, 'run' | 'client' | 'unit' | 'count' | 'missing' | 'medians'>>;
  /** null when nothing was asserted and no baseline given */
  verdict: Verdict | null;
  /** false exactly when the command exits 1 for a breach */
  ok: boolean;
}

export function reportJson(
  model: ReportModel,
  dir: string,
  files: ReportFiles,
  generatedAt: Date,
): ReportJson {
  return {
    schema: REPORT_SCHEMA,
    generatedAt: generatedAt.toISOString(),
    dir,
    files,
    percentileMethod: model.percentileMethod,
    reference: model.reference,
    runs: model.runs.map((t) => ({
      label: t.run,
      dir: t.dir,
      status: t.status,
      summarySource: t.summarySource,
      issues: t.issues,
      metrics: t.metrics,
      startup: t.startup,
      stalls: t.stalls,
      findings: { ...t.findings.counts, text: t.findings.text },
      clock: t.clock,
      warnings: t.warnings,
    })),
    relative: model.relative,
    breakdown: model.breakdowns.map(({ run, client, unit, count, missing, medians }) => ({
      run,
      client,
      unit,
      count,
      missing,
      medians,
    })),
    verdict: model.verdict,
    ok: model.verdict?.ok ?? true,
  };
}

/** A report's exit status: 1 for a breach, or PNGs asked and not drawn (a runtime failure). */
export function reportExitCode(report: ReportJson): 0 | 1 {
  return report.ok && report.files.pngError === undefined ? 0 : 1;
}
