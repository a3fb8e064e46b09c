import { HEADLINE_METRICS } from '../../src/metrics/headline.js';
import { nearestRank } from '../../src/metrics/percentiles.js';
import {
  type CaptureTimeSource,
  type ClientKind,
  FindingStatus,
  type MetricName,
  type MetricSummary,
} from '../../src/run/types.js';
import type { ReportRun } from '../report-run.js';
import { runValues } from '../run-values.js';
import { bootstrapRatio } from '../stats/bootstrap.js';

/** One run of one configuration, as `llhls compare` hands it to the report. */
export interface ConfigurationRunInput {
  repeat: number;
  status: 'complete' | 'failed' | 'interrupted' | 'not-run';
  /** why it failed or did not run, one line */
  error: string | null;
  /** null when nothing was measured (the streamer did not start, or the comparison was stopped) */
  run: ReportRun | null;
  /** the streamer's process tree while measured: mean CPU (% of one core) and peak RSS */
  cpuPercent: number | null;
  rssBytes: number | null;
  /** bytes per second the impairment proxies passed to the clients; null without a proxy (the
   *  clients' received bytes are counted instead) */
  proxyBytesPerSecond: number | null;
}

export interface ConfigurationInput {
  name: string;
  /** what was measured: `llhls serve --part-duration 0.2`, the command, the URL */
  description: string;
  /** the network's description, null on the direct loopback */
  network: string | null;
  /** the browser client's player (hls.js, shaka); null without a browser client */
  player: string | null;
  runs: ConfigurationRunInput[];
}

/** A comparison: its configurations in order, and the one Relative divides by. */
export interface ComparisonInput {
  configurations: ConfigurationInput[];
  reference: string;
}

/** A figure over the runs of one configuration: the median run's, and the range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** runs with the figure */
  n: number;
}

export interface ConfigurationClientRow {
  client: ClientKind;
  /** the player the browser client played with (hls.js, shaka); null for the Node client */
  player: string | null;
  /** the client's headline latency in this comparison (the same for every configuration) */
  metric: MetricName | null;
  /** where the capture times behind it came from, in any run */
  captureSources: CaptureTimeSource[];
  p50: Spread | null;
  p95: Spread | null;
  startupMs: Spread | null;
  /** after warm-up, summed over the runs */
  stalls: { count: number; totalMs: number } | null;
  /**
   * p50 against the reference configuration's. With repeats: the mean of the ratios of runs of
   * the same round (interleaved, so they met the same machine) ± their standard deviation; with
   * one run each: the ratio ± the sd of a seeded block bootstrap over the samples.
   */
  relative: { ratio: number; sd: number; method: 'rounds' | 'bootstrap' | 'reference' } | null;
}

export type ConfigurationStatus = 'complete' | 'failed' | 'partial' | 'interrupted' | 'not-run';

export interface ConfigurationRow {
  configuration: string;
  description: string;
  network: string | null;
  /** complete: every run; failed: none measured and one failed; partial: some runs failed */
  status: ConfigurationStatus;
  runs: { complete: number; total: number };
  /** each failed run's error, `#2: ...` */
  errors: string[];
  clients: ConfigurationClientRow[];
  /** protocol findings that failed in any run (node client); null when unknown or no node client */
  findings: { failed: number; ids: string[] } | null;
  cpuPercent: Spread | null;
  rssBytes: Spread | null;
  served: { bytesPerSecond: Spread; source: 'proxy' | 'clients' } | null;
}

export interface ComparisonTable {
  reference: string;
  rows: ConfigurationRow[];
}

/** Resamples for the ± of one-run ratios: a spread to read (as the run table's Relative). */
const RESAMPLES = 200;

export function spread(values: ReadonlyArray<number | null | undefined>): Spread | null {
  const sorted = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return {
    median: nearestRank(sorted, 50),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    n: sorted.length,
  };
}

function measured(c: ConfigurationInput): Array<ConfigurationRunInput & { run: ReportRun }> {
  return c.runs.filter((r): r is ConfigurationRunInput & { run: ReportRun } => r.run !== null);
}

function metricOf(run: ReportRun, client: ClientKind, metric: MetricName | null): MetricSummary | undefined {
  return run.summary.clients.find((c) => c.client === client)?.metrics.find((m) => m.metric === metric);
}

/** Bytes the clients received per second of the run: every media and playlist response. */
export function clientBytesPerSecond(run: ReportRun): number | null {
  const seconds = (run.endedAt - run.startedAt) / 1000;
  if (!(seconds > 0)) return null;
  let bytes = 0;
  for (const s of run.samples) if (s.type === 'media' || s.type === 'playlist') bytes += s.bytes;
  return bytes / seconds;
}

/** Each client's headline metric: the first of HEADLINE_METRICS any run of it has. */
function headlines(input: ComparisonInput): Map<ClientKind, MetricName | null> {
  const out = new Map<ClientKind, MetricName | null>();
  const runs = input.configurations.flatMap((c) => measured(c).map((r) => r.run));
  for (const run of runs)
    for (const c of run.summary.clients) if (!out.has(c.client)) out.set(c.client, null);
  for (const client of out.keys()) {
    const metric = HEADLINE_METRICS.find((m) => runs.some((run) => metricOf(run, client, m) !== undefined));
    out.set(client, metric ?? null);
  }
  return out;
}

function relative(
  c: ConfigurationInput,
  ref: ConfigurationInput | undefined,
  client: ClientKind,
  metric: MetricName | null,
): ConfigurationClientRow['relative'] {
  if (ref === undefined || metric === null) return null;
  if (ref.name === c.name) {
    // The reference's own line says 1.00 only when it has the figure others are divided by.
    const has = measured(ref).some((r) => metricOf(r.run, client, metric) !== undefined);
    return has ? { ratio: 1, sd: 0, method: 'reference' } : null;
  }
  const pairs: Array<[ReportRun, ReportRun]> = [];
  for (const r of measured(c)) {
    const other = measured(ref).find((x) => x.repeat === r.repeat);
    if (other !== undefined && metricOf(r.run, client, metric) && metricOf(other.run, client, metric))
      pairs.push([r.run, other.run]);
  }
  if (pairs.length === 1) {
    const [run, base] = pairs[0]!;
    const est = bootstrapRatio(runValues(run, client, metric), runValues(base, client, metric), 50, {
      resamples: RESAMPLES,
    });
    return est === null ? null : { ratio: est.ratio, sd: est.sd, method: 'bootstrap' };
  }
  const ratios = pairs
    .map(([run, base]) => metricOf(run, client, metric)!.p50 / metricOf(base, client, metric)!.p50)
    .filter((r) => Number.isFinite(r));
  if (ratios.length === 0) return null;
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  const variance = ratios.reduce((a, r) => a + (r - mean) ** 2, 0) / Math.max(1, ratios.length - 1);
  return { ratio: mean, sd: Math.sqrt(variance), method: 'rounds' };
}

function status(c: ConfigurationInput): ConfigurationStatus {
  const all = c.runs.map((r) => r.status);
  if (all.every((s) => s === 'complete')) return 'complete';
  if (all.every((s) => s === 'not-run')) return 'not-run';
  if (all.includes('failed')) return measured(c).length === 0 ? 'failed' : 'partial';
  return 'interrupted';
}

/**
 * The comparison table: a row per configuration with each client's headline latency (p50, p95),
 * startup and stalls, protocol findings failed, the streamer's CPU and memory, bytes served per
 * second, and Relative against the reference configuration. Figures over several runs (repeats)
 * are the median run's with the range. Pure.
 */
export function comparisonTable(input: ComparisonInput): ComparisonTable {
  const metrics = headlines(input);
  const ref = input.configurations.find((c) => c.name === input.reference);
  const rows = input.configurations.map((c): ConfigurationRow => {
    const runs = measured(c);
    const clients = [...metrics].flatMap(([client, metric]): ConfigurationClientRow[] => {
      const withClient = runs.filter((r) => r.run.summary.clients.some((s) => s.client === client));
      if (withClient.length === 0) return [];
      const summaries = withClient.map((r) => r.run.summary.clients.find((s) => s.client === client)!);
      const figures = withClient.map((r) => metricOf(r.run, client, metric));
      return [
        {
          client,
          player: client === 'browser' ? c.player : null,
          metric,
          captureSources: [...new Set(figures.flatMap((m) => m?.captureSources ?? []))],
          p50: spread(figures.map((m) => m?.p50)),
          p95: spread(figures.map((m) => m?.p95)),
          startupMs: spread(summaries.map((s) => s.startupMs)),
          stalls: {
            count: summaries.reduce((a, s) => a + s.stalls.count, 0),
            totalMs: summaries.reduce((a, s) => a + s.stalls.totalMs, 0),
          },
          relative: relative(c, ref, client, metric),
        },
      ];
    });
    const known = runs.filter(
      (r) => r.run.summarySource === 'summary.json' && r.run.summary.clients.some((s) => s.client === 'node'),
    );
    const failing = new Set(
      known.flatMap((r) =>
        r.run.summary.findings.filter((f) => f.status === FindingStatus.Fail).map((f) => f.id),
      ),
    );
    const proxied = runs.some((r) => r.proxyBytesPerSecond !== null);
    const served = spread(runs.map((r) => (proxied ? r.proxyBytesPerSecond : clientBytesPerSecond(r.run))));
    return {
      configuration: c.name,
      description: c.description,
      network: c.network,
      status: status(c),
      runs: { complete: c.runs.filter((r) => r.status === 'complete').length, total: c.runs.length },
      errors: c.runs.filter((r) => r.error !== null).map((r) => `#${r.repeat}: ${r.error}`),
      clients,
      findings: known.length === 0 ? null : { failed: failing.size, ids: [...failing].sort() },
      cpuPercent: spread(c.runs.map((r) => r.cpuPercent)),
      rssBytes: spread(c.runs.map((r) => r.rssBytes)),
      served: served === null ? null : { bytesPerSecond: served, source: proxied ? 'proxy' : 'clients' },
    };
  });
  return { reference: input.reference, rows };
}
