import { metricValues } from '../../src/metrics/metric-values.js';
import { artilleryName } from '../../src/run/artillery-names.js';
import type { ArtilleryOutput } from '../../src/run/artillery-output.js';
import { ClientKind, MetricName } from '../../src/run/types.js';
import type { ReportRun } from '../report-run.js';
import { warmupEndOf } from '../run-values.js';
import { minMaxDecimate } from '../stats/downsample.js';
import { type Point, roundMs, secondsSince } from './point.js';

/** The per-sample figures drawn over time: every frame's and every part's. */
export const TIMELINE_METRICS = [MetricName.CaptureToDisplay, MetricName.CaptureToLastByte] as const;

export const MarkerKind = {
  Stall: 'stall',
  Seek: 'seek',
  Target: 'target',
  Rate: 'rate',
  Error: 'error',
} as const;
export type MarkerKind = (typeof MarkerKind)[keyof typeof MarkerKind];

/** Something that happened, on the same time axis as the latencies (s since the run started). */
export interface Marker {
  kind: MarkerKind;
  client: ClientKind;
  x: number;
  /** The end of a span (a stall); null for an instant. */
  x2: number | null;
  label: string;
}

export interface LatencySeries {
  client: ClientKind;
  metric: MetricName;
  /** min-max decimated to at most `maxPoints` */
  points: Point[];
  /** samples before decimation (Artillery output: values behind its periods' figures) */
  count: number;
  /** Artillery output: each point is Artillery's percentile of one period (no samples). */
  statistic?: 'p50' | 'p99';
}

export interface LatencyOverTime {
  run: string;
  /** When each client's warm-up ended (s); the chart shades [0, that). */
  warmupEnds: Array<{ client: ClientKind; x: number }>;
  endX: number;
  series: LatencySeries[];
  /** The player's target latency (ms) where it changes: a stepped line. */
  targets: Array<{ client: ClientKind; points: Point[] }>;
  markers: Marker[];
  /** Markers left off the chart per kind (each kind keeps its first MAX_MARKERS). */
  markersOmitted: Partial<Record<MarkerKind, number>>;
}

/** Per kind, so a run with 3000 seeks still draws fast; the count of the rest is stated. */
export const MAX_MARKERS = 150;
export const MAX_SERIES_POINTS = 2000;

/**
 * Latency over time for one run: every frame's capture_to_display and every part's
 * capture_to_last_byte per client (min-max decimated), the player's target latency, and stalls,
 * seeks, target changes, playback-rate changes and errors as markers. Pure.
 */
export function latencyOverTime(run: ReportRun, maxPoints = MAX_SERIES_POINTS): LatencyOverTime {
  if (run.artillery !== undefined) return artilleryOverTime(run, run.artillery);
  const at = (t: number): number => secondsSince(run.startedAt, t);
  const raw = new Map<string, { client: ClientKind; metric: MetricName; points: Point[] }>();
  const markers: Marker[] = [];
  const omitted: Partial<Record<MarkerKind, number>> = {};
  const perKind = new Map<MarkerKind, number>();
  const mark = (m: Marker): void => {
    const n = (perKind.get(m.kind) ?? 0) + 1;
    perKind.set(m.kind, n);
    if (n <= MAX_MARKERS) markers.push(m);
    else omitted[m.kind] = (omitted[m.kind] ?? 0) + 1;
  };
  const targets = new Map<ClientKind, Point[]>();
  const lastPlayer = new Map<ClientKind, { target: number | null; rate: number }>();

  for (const s of run.samples) {
    for (const v of metricValues(s)) {
      if (!(TIMELINE_METRICS as readonly string[]).includes(v.metric)) continue;
      const key = `${s.client}/${v.metric}`;
      let series = raw.get(key);
      if (series === undefined) {
        series = { client: s.client, metric: v.metric, points: [] };
        raw.set(key, series);
      }
      series.points.push({ x: at(s.t), y: roundMs(v.value) });
    }
    switch (s.type) {
      case 'stall':
        mark({
          kind: MarkerKind.Stall,
          client: s.client,
          x: at(s.start),
          x2: at(s.end ?? run.endedAt),
          label: `stall${s.cause === undefined ? '' : ` (${s.cause})`} ${Math.round(s.durationMs ?? (s.end ?? run.endedAt) - s.start)} ms`,
        });
        break;
      case 'error':
        mark({ kind: MarkerKind.Error, client: s.client, x: at(s.t), x2: null, label: s.code });
        break;
      case 'event':
        if (s.name === 'seek') {
          const from = s.detail['from'];
          const to = s.detail['to'];
          const jump =
            typeof from === 'number' && typeof to === 'number' ? ` ${(to - from).toFixed(2)} s` : '';
          mark({ kind: MarkerKind.Seek, client: s.client, x: at(s.t), x2: null, label: `seek${jump}` });
        }
        break;
      case 'player': {
        if (s.viewer !== 0) break;
        const prev = lastPlayer.get(s.client);
        if (s.targetLatency !== null) {
          const list = targets.get(s.client) ?? [];
          if (prev === undefined || prev.target !== s.targetLatency) {
            list.push({ x: at(s.t), y: roundMs(s.targetLatency * 1000) });
            if (prev !== undefined && prev.target !== null) {
              mark({
                kind: MarkerKind.Target,
                client: s.client,
                x: at(s.t),
                x2: null,
                label: `target ${prev.target} → ${s.targetLatency} s`,
              });
            }
          }
          targets.set(s.client, list);
        }
        if (prev !== undefined && prev.rate !== s.playbackRate) {
          mark({
            kind: MarkerKind.Rate,
            client: s.client,
            x: at(s.t),
            x2: null,
            label: `rate ${prev.rate} → ${s.playbackRate}`,
          });
        }
        lastPlayer.set(s.client, { target: s.targetLatency, rate: s.playbackRate });
        break;
      }
      default:
        break;
    }
  }
  const series: LatencySeries[] = [];
  for (const { client, metric, points } of raw.values()) {
    points.sort((a, b) => a.x - b.x);
    series.push({ client, metric, count: points.length, points: minMaxDecimate(points, maxPoints) });
  }
  const endX = at(run.endedAt);
  return {
    run: run.label,
    warmupEnds: run.summary.clients.map((c) => ({ client: c.client, x: at(warmupEndOf(run, c.client)) })),
    endX,
    series,
    targets: [...targets].map(([client, points]) => ({
      client,
      // Close the step at the end of the run.
      points: points.length > 0 ? [...points, { x: endX, y: points[points.length - 1]!.y }] : points,
    })),
    markers,
    markersOmitted: omitted,
  };
}

/**
 * Latency over time of Artillery output: Artillery's p50 and p99 of every period (10 s by
 * default), drawn at the middle of the values each period holds. Pure.
 */
function artilleryOverTime(run: ReportRun, output: ArtilleryOutput): LatencyOverTime {
  const at = (t: number): number => secondsSince(run.startedAt, t);
  const series: LatencySeries[] = [];
  for (const metric of TIMELINE_METRICS) {
    for (const statistic of ['p50', 'p99'] as const) {
      const points: Point[] = [];
      let count = 0;
      for (const p of output.intermediate) {
        const s = p.summaries[artilleryName(metric)];
        if (s === undefined || s.count === 0) continue;
        count += s.count;
        const mid = ((p.firstMetricAt ?? p.at) + (p.lastMetricAt ?? p.at)) / 2;
        points.push({ x: at(mid), y: roundMs(s[statistic]) });
      }
      if (points.length > 0) series.push({ client: ClientKind.Node, metric, count, points, statistic });
    }
  }
  return {
    run: run.label,
    warmupEnds: [],
    endX: at(run.endedAt),
    series,
    targets: [],
    markers: [],
    markersOmitted: {},
  };
}
