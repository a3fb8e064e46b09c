import { basename } from 'node:path';
import {
  ARTILLERY_COUNTER,
  ARTILLERY_PREFIX,
  ARTILLERY_STALL_DURATION,
  artilleryName,
} from './artillery-names.js';
import type { ArtilleryOutput, ArtilleryPeriod, ArtillerySummary } from './artillery-output.js';
import {
  ClientKind,
  ClockMethod,
  type Finding,
  FindingStatus,
  MetricName,
  type MetricSummary,
  type RunSummary,
  SUMMARY_SCHEMA,
} from './types.js';

/** What every report of Artillery output says about its numbers. */
export const ARTILLERY_FIGURES_NOTE =
  "figures are Artillery's own summaries of every viewer's values, merged across its workers (its percentile estimate, not llhls's nearest rank); each viewer's first seconds (llhls.warmup) are left out by the engine";

/** One llhls metric's figures in summary.json's shape, from Artillery's summary of it. */
export function artilleryMetricSummary(metric: MetricName, s: ArtillerySummary): MetricSummary {
  return {
    metric,
    client: ClientKind.Node,
    unit: 'ms',
    // The engine does not say which source each capture time came from.
    captureSources: [],
    count: s.count,
    min: s.min,
    mean: s.mean,
    p50: s.p50,
    p90: s.p90,
    p95: s.p95,
    p99: s.p99,
    max: s.max,
  };
}

/** The protocol findings from the engine's per-finding counters, added up over viewers. */
function findings(counters: Record<string, number>): Finding[] {
  const prefix = `${artilleryName(ARTILLERY_COUNTER.findings)}.`;
  const byId = new Map<string, Record<string, number>>();
  for (const [name, value] of Object.entries(counters)) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const dot = rest.lastIndexOf('.');
    if (dot <= 0) continue;
    const id = rest.slice(0, dot);
    const entry = byId.get(id) ?? {};
    entry[rest.slice(dot + 1)] = value;
    byId.set(id, entry);
  }
  return [...byId].map(([id, c]) => {
    const viewers = (status: string): number => c[status] ?? 0;
    const status =
      viewers(FindingStatus.Fail) > 0
        ? FindingStatus.Fail
        : viewers(FindingStatus.Warn) > 0
          ? FindingStatus.Warn
          : viewers(FindingStatus.Pass) > 0
            ? FindingStatus.Pass
            : FindingStatus.Skip;
    const failedViewers = viewers(FindingStatus.Fail);
    return {
      id,
      title: id,
      status,
      spec: null,
      checked: c['checked'] ?? 0,
      failed: c['failed'] ?? 0,
      examples:
        failedViewers > 0
          ? [
              `failed for ${failedViewers} of ${Object.values(FindingStatus).reduce((n, s) => n + viewers(s), 0)} viewers`,
            ]
          : [],
    };
  });
}

/**
 * Artillery's JSON output (`artillery run --output`) of artillery-engine-llhls → summary.json's
 * shape: one aggregate node client whose figures are Artillery's (see ARTILLERY_FIGURES_NOTE),
 * stalls, errors and findings from the engine's counters. Pure.
 */
export function artillerySummary(output: ArtilleryOutput): RunSummary {
  const a: ArtilleryPeriod = output.aggregate;
  const metrics: MetricSummary[] = [];
  for (const metric of Object.values(MetricName)) {
    const s = a.summaries[artilleryName(metric)];
    if (s !== undefined && s.count > 0) metrics.push(artilleryMetricSummary(metric, s));
  }
  const stallDurations = a.summaries[artilleryName(ARTILLERY_STALL_DURATION)];
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(a.counters)) {
    if (!name.startsWith(`${artilleryName(ARTILLERY_COUNTER.findings)}.`)) counters[name] = value;
  }
  const startedAt = a.firstMetricAt ?? a.at;
  const endedAt = a.lastMetricAt ?? startedAt;
  const warnings = [`${basename(output.file)}: ${ARTILLERY_FIGURES_NOTE}`];
  const failedViewers = a.counters['vusers.failed'] ?? 0;
  if (failedViewers > 0) warnings.push(`${failedViewers} viewer(s) failed (Artillery's vusers.failed)`);
  if (!Object.keys(a.summaries).some((n) => n.startsWith(ARTILLERY_PREFIX)))
    warnings.push('no llhls metric in this output: was the scenario run with engine: llhls?');
  const label = basename(output.file).replace(/\.json$/i, '');
  return {
    schema: SUMMARY_SCHEMA,
    runId: label,
    label,
    url: '',
    startedAt,
    endedAt,
    warmupEndsAt: startedAt,
    status: 'complete',
    clients: [
      {
        client: ClientKind.Node,
        viewer: null,
        metrics,
        stalls: {
          count: a.counters[artilleryName(ARTILLERY_COUNTER.stalls)] ?? 0,
          totalMs: stallDurations === undefined ? 0 : stallDurations.mean * stallDurations.count,
          longestMs: stallDurations?.max ?? 0,
        },
        startupMs: a.summaries[artilleryName(MetricName.Startup)]?.p50 ?? null,
        errors: a.counters[artilleryName(ARTILLERY_COUNTER.errors)] ?? 0,
        counters,
        warmupEndsAt: startedAt,
      },
    ],
    viewers: [],
    findings: findings(a.counters),
    clock: { offsetMs: 0, uncertaintyMs: null, method: ClockMethod.Assumed, driftMs: null },
    warnings,
  };
}
