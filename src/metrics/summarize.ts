import type { ClientOutcome } from '../measure/measure-client.js';
import {
  type CaptureTimeSource,
  type ClientKind,
  type ClientSummary,
  MetricName,
  type MetricSummary,
  type RunInfo,
  type RunSummary,
  type Sample,
  type StallSample,
  SUMMARY_SCHEMA,
} from '../run/types.js';
import { metricValues } from './metric-values.js';
import { distribution, nearestRank } from './percentiles.js';
import { stallDuration, summarizeStalls } from './stalls.js';
import { countsInStatistics, type WarmupEnd, WarmupReason, warmupEnd } from './warmup.js';

export interface SummarizeInput {
  info: Pick<RunInfo, 'id' | 'label' | 'url' | 'startedAt' | 'warmupMs' | 'clock' | 'clients'>;
  samples: readonly Sample[];
  /** What each client returned; a client that failed has none. */
  outcomes: readonly ClientOutcome[];
  /** Server-clock epoch ms. */
  endedAt: number;
  status: RunInfo['status'];
}

/** The figures of one client or one viewer, gathered in a single pass over the samples. */
class Group {
  readonly values = new Map<MetricName, number[]>();
  readonly sources = new Map<MetricName, Set<CaptureTimeSource>>();
  readonly stalls: StallSample[] = [];
  stallsDuringWarmup = 0;
  errors = 0;
  samples = 0;
  counted = 0;

  add(sample: Sample, warmupEndsAt: number): void {
    this.samples += 1;
    if (sample.type === 'error') this.errors += 1;
    if (sample.type === 'stall') {
      if (sample.start >= warmupEndsAt) this.stalls.push(sample);
      else this.stallsDuringWarmup += 1;
    }
    for (const { metric, value, source } of metricValues(sample)) {
      if (!countsInStatistics(metric, sample.t, warmupEndsAt)) continue;
      this.counted += 1;
      const list = this.values.get(metric);
      if (list === undefined) this.values.set(metric, [value]);
      else list.push(value);
      if (source !== null) {
        const set = this.sources.get(metric);
        if (set === undefined) this.sources.set(metric, new Set([source]));
        else set.add(source);
      }
    }
  }
}

const METRIC_ORDER = Object.values(MetricName);
const SOURCE_ORDER: CaptureTimeSource[] = ['frame-code', 'timestamps', 'program-date-time'];

function clientSummary(
  client: ClientKind,
  viewer: number | null,
  group: Group,
  endedAt: number,
  counters: Record<string, number>,
): ClientSummary {
  const metrics: MetricSummary[] = [];
  for (const metric of METRIC_ORDER) {
    const dist = distribution(group.values.get(metric) ?? []);
    if (dist === null) continue;
    const sources = group.sources.get(metric) ?? new Set();
    metrics.push({
      metric,
      client,
      unit: 'ms',
      captureSources: SOURCE_ORDER.filter((s) => sources.has(s)),
      ...dist,
    });
  }
  const startups = group.values.get(MetricName.Startup) ?? [];
  return {
    client,
    viewer,
    metrics,
    stalls: summarizeStalls(group.stalls, endedAt),
    startupMs:
      startups.length === 0
        ? null
        : nearestRank(
            [...startups].sort((a, b) => a - b),
            50,
          ),
    errors: group.errors,
    counters: { ...counters, stallsDuringWarmup: group.stallsDuringWarmup },
  };
}

/**
 * Samples + client outcomes + run info → the run's summary: per client (aggregate over its
 * viewers) and per viewer (node client with several), each metric that has samples after the
 * warm-up with its capture sources, stalls after warm-up, startup, the clients' findings, the
 * clock, and warnings a reader must not miss. Pure: the same input gives the same summary.
 * Percentiles are nearest-rank (see `nearestRank`).
 */
export function summarize(input: SummarizeInput): RunSummary {
  const { info, samples, outcomes, endedAt } = input;
  const kinds: ClientKind[] = [];
  const addKind = (k: ClientKind): void => {
    if (!kinds.includes(k)) kinds.push(k);
  };
  for (const c of info.clients) addKind(c.kind);
  for (const o of outcomes) addKind(o.kind);
  for (const s of samples) addKind(s.client);

  const warmups = new Map<ClientKind, WarmupEnd>();
  for (const kind of kinds) {
    warmups.set(
      kind,
      warmupEnd(samples, { client: kind, startedAt: info.startedAt, warmupMs: info.warmupMs }),
    );
  }
  const aggregate = new Map<ClientKind, Group>();
  const perViewer = new Map<ClientKind, Map<number, Group>>();
  for (const kind of kinds) {
    aggregate.set(kind, new Group());
    perViewer.set(kind, new Map());
  }
  for (const sample of samples) {
    const endsAt = (warmups.get(sample.client) as WarmupEnd).endsAt;
    (aggregate.get(sample.client) as Group).add(sample, endsAt);
    const viewers = perViewer.get(sample.client) as Map<number, Group>;
    let group = viewers.get(sample.viewer);
    if (group === undefined) {
      group = new Group();
      viewers.set(sample.viewer, group);
    }
    group.add(sample, endsAt);
  }

  const warnings = [...info.clock.warnings];
  const clients: ClientSummary[] = [];
  const viewerSummaries: ClientSummary[] = [];
  for (const kind of kinds) {
    const outcome = outcomes.find((o) => o.kind === kind);
    const group = aggregate.get(kind) as Group;
    const warmup = warmups.get(kind) as WarmupEnd;
    const summary = clientSummary(kind, null, group, endedAt, outcome?.counters ?? {});
    summary.warmupEndsAt = warmup.endsAt;
    if (
      outcome?.summary?.startupMs !== undefined &&
      outcome.summary.startupMs !== null &&
      summary.startupMs === null
    ) {
      summary.startupMs = outcome.summary.startupMs;
    }
    if (outcome?.summary?.convergence !== undefined) summary.convergence = outcome.summary.convergence;
    if (outcome?.summary?.lowLatency !== undefined) summary.lowLatency = outcome.summary.lowLatency;
    clients.push(summary);

    const viewers = perViewer.get(kind) as Map<number, Group>;
    const viewerCount = Math.max(viewers.size, outcome?.viewers?.length ?? 0);
    if (viewerCount > 1) {
      for (const index of [...viewers.keys()].sort((a, b) => a - b)) {
        const v = clientSummary(
          kind,
          index,
          viewers.get(index) as Group,
          endedAt,
          outcome?.viewers?.[index] ?? {},
        );
        v.warmupEndsAt = warmup.endsAt;
        viewerSummaries.push(v);
      }
    }

    if (outcome === undefined && input.status !== 'running')
      warnings.push(`${kind}: the client did not finish; its figures are partial`);
    if (group.counted === 0 || summary.metrics.every((m) => m.metric === MetricName.Startup)) {
      const into = ((warmup.endsAt - info.startedAt) / 1000).toFixed(1);
      warnings.push(
        `${kind}: no latency samples after warm-up (it ends ${into} s into the run): run longer than --warmup, or check the stream`,
      );
    }
    if (warmup.reason === WarmupReason.TargetNeverReached) {
      warnings.push(
        `${kind}: the player never reached its target latency; figures after the fixed warm-up may still be settling`,
      );
    }
    if (group.errors > 0)
      warnings.push(`${kind}: ${group.errors} error(s) recorded (see error samples in samples.jsonl)`);
    if (summary.stalls.count > 0) {
      const longest = Math.max(...group.stalls.map((s) => stallDuration(s, endedAt)));
      warnings.push(
        `${kind}: ${summary.stalls.count} stall(s) after warm-up, longest ${Math.round(longest)} ms`,
      );
    }
  }
  if (input.status === 'interrupted')
    warnings.push('the run was interrupted before its duration: figures cover what was measured');
  if (input.status === 'failed')
    warnings.push('the run failed: figures cover what was measured before the failure');

  const before = info.clock.before;
  return {
    schema: SUMMARY_SCHEMA,
    runId: info.id,
    label: info.label,
    url: info.url,
    startedAt: info.startedAt,
    endedAt,
    warmupEndsAt: Math.max(info.startedAt + info.warmupMs, ...[...warmups.values()].map((w) => w.endsAt)),
    status: input.status,
    clients,
    viewers: viewerSummaries,
    findings: outcomes.flatMap((o) => o.findings),
    clock: {
      offsetMs: info.clock.appliedOffsetMs,
      uncertaintyMs: before.uncertaintyMs,
      method: before.method,
      driftMs: info.clock.driftMs,
    },
    warnings,
  };
}
