import type { ClientOutcome } from '../run/measure-client.js';
import {
  type CaptureTimeSource,
  ClientKind,
  type ClientSummary,
  MetricName,
  type MetricSummary,
  type RunInfo,
  type RunSummary,
  type Sample,
  SUMMARY_SCHEMA,
} from '../run/types.js';
import { MetricColumn, SourceBit, StallColumn } from './columns.js';
import { metricValues } from './metric-values.js';
import { distributionOfSorted, PERCENTILE_METHOD } from './percentiles.js';
import { summarizeStalls } from './stalls.js';
import { countsInStatistics, type WarmupEnd, WarmupReason, WarmupTracker } from './warmup.js';

export interface SummarizeInput {
  info: Pick<RunInfo, 'id' | 'label' | 'url' | 'startedAt' | 'warmupMs' | 'clock' | 'clients'>;
  samples: Iterable<Sample>;
  /** What each client returned; a client that failed has none. */
  outcomes: readonly ClientOutcome[];
  /** Server-clock epoch ms. */
  endedAt: number;
  status: RunInfo['status'];
  /** Why the run failed, for its warning (run.json `error`). */
  failure?: string | null;
  /** The signal that interrupted it, for its warning (run.json `signal`). */
  signal?: string | null;
}

/** One client's or one viewer's figures, gathered as samples come. */
class Group {
  readonly metrics = new Map<MetricName, MetricColumn>();
  readonly stalls = new StallColumn();
  /** Stalls that began before the fixed warm-up end (never counted). */
  stallsBeforeWarmup = 0;
  errors = 0;
  /** The first fatal error: a browser player stops there (the play ends). */
  fatal: { t: number; code: string } | null = null;

  constructor(readonly timed: boolean) {}

  column(metric: MetricName): MetricColumn {
    let column = this.metrics.get(metric);
    if (column === undefined) {
      column = new MetricColumn(this.timed);
      this.metrics.set(metric, column);
    }
    return column;
  }
}

/** A client's viewers and what decides its warm-up. */
class ClientState {
  readonly viewers = new Map<number, Group>();
  readonly warmup: WarmupTracker;

  constructor(readonly kind: ClientKind) {
    this.warmup = new WarmupTracker(kind);
  }

  group(viewer: number): Group {
    let group = this.viewers.get(viewer);
    if (group === undefined) {
      // A client whose warm-up may end after the fixed one (at its `target-reached`, the
      // browser) keeps its values' instants.
      group = new Group(this.warmup.announces);
      this.viewers.set(viewer, group);
    }
    return group;
  }
}

const METRIC_ORDER = Object.values(MetricName);
const SOURCE_ORDER: CaptureTimeSource[] = ['frame-code', 'timestamps', 'program-date-time'];

/**
 * The run's statistics, gathered sample by sample as they are measured: each latency goes into
 * a compact column (./columns.ts) of its client, viewer and metric, so a run's memory grows by
 * 8-17 bytes a value, not by the samples (which go to samples.jsonl). Values before the fixed
 * warm-up end are dropped at once; a client whose warm-up may end later (the browser, at its
 * `target-reached` event) keeps each value's instant until `summary()` knows the cut. The
 * summary is the same as `summarize()` over the same samples.
 */
export class SummaryBuilder {
  readonly #clients = new Map<ClientKind, ClientState>();
  readonly #fixedEnd: number;

  /** @param run when the run started (server clock) and its fixed warm-up, ms */
  constructor(run: { startedAt: number; warmupMs: number }) {
    this.#fixedEnd = run.startedAt + run.warmupMs;
  }

  add(sample: Sample): void {
    const client = this.#client(sample.client);
    const group = client.group(sample.viewer);
    switch (sample.type) {
      case 'error':
        group.errors += 1;
        if (sample.fatal && group.fatal === null) group.fatal = { t: sample.t, code: sample.code };
        break;
      case 'stall':
        if (sample.start < this.#fixedEnd) group.stallsBeforeWarmup += 1;
        else group.stalls.push(sample);
        break;
      default:
        break;
    }
    client.warmup.add(sample);
    for (const { metric, value, source } of metricValues(sample)) {
      // The warm-up ends at the fixed end or later: what does not count by then never will.
      if (!countsInStatistics(metric, sample.t, this.#fixedEnd)) continue;
      // A figure that counts whenever it came (startup) is kept at +Infinity: past any cut.
      const t = countsInStatistics(metric, Number.NEGATIVE_INFINITY, 0) ? Number.POSITIVE_INFINITY : sample.t;
      group.column(metric).push(value, t, source === null ? 0 : SourceBit[source]);
    }
  }

  #client(kind: ClientKind): ClientState {
    let client = this.#clients.get(kind);
    if (client === undefined) {
      client = new ClientState(kind);
      this.#clients.set(kind, client);
    }
    return client;
  }

  /**
   * Samples + client outcomes + run info → the run's summary: per client (aggregate over its
   * viewers) and per viewer (node client with several), each metric that has samples after the
   * warm-up with its capture sources, stalls after warm-up, startup, the clients' findings, the
   * clock, and warnings a reader must not miss. Percentiles as `percentiles` states (./percentiles.ts).
   */
  summary(input: Omit<SummarizeInput, 'samples'>): RunSummary {
    const { info, outcomes, endedAt } = input;
    // Clients in the order the run names them, then any only samples name.
    const kinds = [
      ...info.clients.map((c) => c.kind),
      ...outcomes.map((o) => o.kind),
      ...this.#clients.keys(),
    ];
    const warnings = [...info.clock.warnings];
    const clients: ClientSummary[] = [];
    const viewerSummaries: ClientSummary[] = [];
    const warmups: WarmupEnd[] = [];
    for (const kind of new Set(kinds)) {
      const client = this.#client(kind);
      const outcome = outcomes.find((o) => o.kind === kind);
      const warmup = client.warmup.end(this.#fixedEnd);
      warmups.push(warmup);
      const groups = [...client.viewers.entries()].sort(([a], [b]) => a - b);
      const viewerCount = Math.max(client.viewers.size, outcome?.viewers?.length ?? 0);
      const figures = metricFigures(kind, groups, warmup.endsAt, viewerCount > 1);
      const summary = clientSummary(kind, null, figures.aggregate, groups, warmup, endedAt, this.#fixedEnd);
      summary.counters = { ...(outcome?.counters ?? {}), ...summary.counters };
      if (outcome?.summary?.startupMs != null && summary.startupMs === null) {
        summary.startupMs = outcome.summary.startupMs;
      }
      if (outcome?.summary?.convergence !== undefined) summary.convergence = outcome.summary.convergence;
      if (outcome?.summary?.lowLatency !== undefined) summary.lowLatency = outcome.summary.lowLatency;
      clients.push(summary);
      if (viewerCount > 1) {
        for (const entry of groups) {
          const viewer = entry[0];
          const v = clientSummary(
            kind,
            viewer,
            figures.viewers.get(viewer) ?? [],
            [entry],
            warmup,
            endedAt,
            this.#fixedEnd,
          );
          v.counters = { ...(outcome?.viewers?.[viewer] ?? {}), ...v.counters };
          viewerSummaries.push(v);
        }
      }

      if (outcome === undefined && input.status !== 'running')
        warnings.push(`${kind}: the client did not finish; its figures are partial`);
      if (summary.metrics.every((m) => m.metric === MetricName.Startup)) {
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
      const connectionErrors = outcome?.counters['connectionErrors'] ?? 0;
      if (summary.errors > 0) {
        const split =
          connectionErrors > 0
            ? `, ${connectionErrors} of them requests that could not reach the server`
            : '';
        warnings.push(
          `${kind}: ${summary.errors} error(s) recorded${split} (see error samples in samples.jsonl)`,
        );
      }
      const fatal = kind === ClientKind.Browser ? (groups[0]?.[1].fatal ?? null) : null;
      if (fatal !== null) {
        const at = ((fatal.t - info.startedAt) / 1000).toFixed(1);
        warnings.push(
          `browser: the player stopped on a fatal error ${at} s into the run (${fatal.code}); nothing was measured after it`,
        );
      }
      if (summary.stalls.count > 0) {
        warnings.push(
          `${kind}: ${summary.stalls.count} stall(s) after warm-up, longest ${Math.round(summary.stalls.longestMs)} ms`,
        );
      }
      for (const w of outcome?.warnings ?? []) warnings.push(`${kind}: ${w}`);
    }
    if (input.status === 'interrupted') {
      const by = input.signal ? ` by ${input.signal}` : '';
      warnings.push(`the run was interrupted${by} before its duration: figures cover what was measured`);
    }
    if (input.status === 'failed') {
      const why = input.failure ? `: ${input.failure};` : ':';
      warnings.push(`the run failed${why} figures cover what was measured before the failure`);
    }

    const before = info.clock.before;
    return {
      schema: SUMMARY_SCHEMA,
      percentiles: PERCENTILE_METHOD,
      runId: info.id,
      label: info.label,
      url: info.url,
      startedAt: info.startedAt,
      endedAt,
      warmupEndsAt: Math.max(info.startedAt + info.warmupMs, ...warmups.map((w) => w.endsAt)),
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
}

/**
 * Every metric's summary, for the client (all viewers) and, with `perViewer`, for each viewer.
 * Metric by metric, so that besides the columns only one metric's values are ever copied at once.
 */
function metricFigures(
  client: ClientKind,
  groups: Array<[number, Group]>,
  warmupEndsAt: number,
  perViewer: boolean,
): { aggregate: MetricSummary[]; viewers: Map<number, MetricSummary[]> } {
  const aggregate: MetricSummary[] = [];
  const viewers = new Map<number, MetricSummary[]>();
  for (const metric of METRIC_ORDER) {
    const columns = groups.map(([viewer, g]) => ({ viewer, column: g.metrics.get(metric) }));
    const total = columns.reduce((n, c) => n + (c.column?.length ?? 0), 0);
    if (total === 0) continue;
    const all = new Float64Array(total);
    let n = 0;
    let sources = 0;
    for (const { viewer, column } of columns) {
      if (column === undefined) continue;
      const got = column.collectInto(all, n, warmupEndsAt);
      if (perViewer) {
        const own = metricSummary(metric, client, all.slice(n, n + got.count), got.sources);
        if (own !== null) viewers.set(viewer, [...(viewers.get(viewer) ?? []), own]);
      }
      n += got.count;
      sources |= got.sources;
    }
    const summary = metricSummary(metric, client, all.subarray(0, n), sources);
    if (summary !== null) aggregate.push(summary);
  }
  return { aggregate, viewers };
}

function metricSummary(
  metric: MetricName,
  client: ClientKind,
  values: Float64Array,
  sources: number,
): MetricSummary | null {
  const dist = distributionOfSorted(values.sort());
  if (dist === null) return null;
  return {
    metric,
    client,
    unit: 'ms',
    captureSources: SOURCE_ORDER.filter((s) => (sources & SourceBit[s]) !== 0),
    ...dist,
  };
}

function clientSummary(
  client: ClientKind,
  viewer: number | null,
  metrics: MetricSummary[],
  groups: Array<[number, Group]>,
  warmup: WarmupEnd,
  endedAt: number,
  fixedEnd: number,
): ClientSummary {
  let errors = 0;
  let stallsDuringWarmup = 0;
  for (const [, group] of groups) {
    errors += group.errors;
    // Stalls between the fixed warm-up end and a later one (the browser's target) are warm-up too.
    stallsDuringWarmup +=
      group.stallsBeforeWarmup + (warmup.endsAt > fixedEnd ? group.stalls.countBefore(warmup.endsAt) : 0);
  }
  const stalls = summarizeStalls(
    (function* () {
      for (const [v, group] of groups) yield* group.stalls.from(warmup.endsAt, client, v);
    })(),
    endedAt,
  );
  return {
    client,
    viewer,
    metrics,
    stalls,
    startupMs: metrics.find((m) => m.metric === MetricName.Startup)?.p50 ?? null,
    errors,
    counters: { stallsDuringWarmup },
    warmupEndsAt: warmup.endsAt,
  };
}

/**
 * The run's summary from its samples (see SummaryBuilder, which gathers them one by one).
 * Pure: the same input gives the same summary.
 */
export function summarize(input: SummarizeInput): RunSummary {
  const builder = new SummaryBuilder(input.info);
  for (const sample of input.samples) builder.add(sample);
  return builder.summary(input);
}
