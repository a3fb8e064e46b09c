import { distribution } from '../../src/metrics/percentiles.js';
import { artilleryName } from '../../src/run/artillery-names.js';
import type { ArtilleryOutput } from '../../src/run/artillery-output.js';
import { countFindings } from '../../src/run/finding-counts.js';
import type { ClientKind, ClientSummary, MetricName } from '../../src/run/types.js';
import type { ReportRun } from '../report-run.js';
import { runPercentile, runValues } from '../run-values.js';
import { type Assertion, Counted, compare } from './assertion.js';

/** One assertion checked against one client of one run. */
export interface Check {
  assertion: string;
  level: Assertion['level'];
  run: string;
  /** null for run-wide subjects (findings) and when no client had the subject */
  client: ClientKind | null;
  /** null when there was nothing to measure: always a breach, never a pass */
  observed: number | null;
  op: Assertion['op'];
  limit: number;
  unit: Assertion['unit'];
  ok: boolean;
  /** why observed is null, or what the figure is over */
  note: string | null;
}

/** A latency assertion other than a percentile on Artillery output: Artillery's own figures. */
function artilleryLatency(a: Assertion, output: ArtilleryOutput): { value: number | null; note: string } {
  const s = output.aggregate.summaries[artilleryName(a.subject)];
  if (s === undefined || s.count === 0) return { value: null, note: 'no values in the Artillery output' };
  const note = `Artillery's figure over ${s.count} values`;
  const agg = a.aggregation;
  const field = { count: 'count', avg: 'mean', min: 'min', max: 'max' } as const;
  return { value: s[field[agg.kind as keyof typeof field]], note };
}

function latency(a: Assertion, run: ReportRun, client: ClientKind): { value: number | null; note: string } {
  // Percentiles: the same nearest-rank method as summary.json (Artillery's own figure for its output).
  if (a.aggregation.kind === 'percentile')
    return runPercentile(run, client, a.subject as MetricName, a.aggregation.p);
  if (run.artillery !== undefined) return artilleryLatency(a, run.artillery);
  const values = runValues(run, client, a.subject as MetricName);
  if (values.length === 0) return { value: null, note: 'no samples' };
  const note = `${values.length} samples after warm-up`;
  const agg = a.aggregation;
  if (agg.kind === 'count') return { value: values.length, note };
  const d = distribution(values);
  if (d === null) return { value: null, note: 'no samples' };
  return { value: agg.kind === 'avg' ? d.mean : agg.kind === 'min' ? d.min : d.max, note };
}

function counted(a: Assertion, c: ClientSummary): number {
  if (a.subject === Counted.Errors) return c.errors;
  switch (a.aggregation.kind) {
    case 'total':
      return c.stalls.totalMs;
    case 'longest':
      return c.stalls.longestMs;
    default:
      return c.stalls.count;
  }
}

/**
 * Checks one assertion against one run: for each client that has the subject (or the client it
 * names), the observed figure against the limit. Latency figures are over the samples after
 * warm-up, as summary.json's; stalls after warm-up; errors over the run. No samples for an
 * asserted metric, findings that were never checked, or a named client that did not run are
 * breaches, never passes. Pure.
 */
export function evaluateAssertion(a: Assertion, run: ReportRun): Check[] {
  const check = (client: ClientKind | null, observed: number | null, note: string | null): Check => ({
    assertion: a.text,
    level: a.level,
    run: run.label,
    client,
    observed,
    op: a.op,
    limit: a.limit,
    unit: a.unit,
    ok: observed !== null && compare(observed, a.op, a.limit),
    note,
  });
  if (a.subject === Counted.Findings) {
    const counts = countFindings(run.summary.findings);
    if (run.summarySource === 'recomputed')
      return [check(null, null, 'findings unknown: summary.json is missing or invalid')];
    if (counts.total === 0) return [check(null, null, 'no protocol checks ran (the node client makes them)')];
    const value = {
      failed: counts.fail,
      passed: counts.pass,
      warned: counts.warn,
      skipped: counts.skip,
      checked: counts.total - counts.skip,
    }[a.aggregation.kind as 'failed' | 'passed' | 'warned' | 'skipped' | 'checked'];
    return [check(null, value, `${counts.total} checks`)];
  }
  const clients = a.client === null ? run.summary.clients.map((c) => c.client) : [a.client];
  const checks: Check[] = [];
  for (const client of clients) {
    const summary = run.summary.clients.find((c) => c.client === client);
    if (summary === undefined) {
      checks.push(check(client, null, 'this client did not run'));
      continue;
    }
    if (a.subject === Counted.Stalls || a.subject === Counted.Errors) {
      checks.push(check(client, counted(a, summary), a.subject === Counted.Stalls ? 'after warm-up' : null));
      continue;
    }
    const { value, note } = latency(a, run, client);
    // Unscoped: a client without this metric (node has no capture_to_display) is not asked.
    // Artillery output has one client: why it has no figure is the answer.
    if (value === null && a.client === null && run.artillery === undefined) continue;
    checks.push(check(client, value, note));
  }
  if (checks.length === 0) checks.push(check(null, null, 'no samples from any client'));
  return checks;
}
