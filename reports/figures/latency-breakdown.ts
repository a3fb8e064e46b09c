import { median } from '../../src/metrics/percentiles.js';
import { countsInStatistics } from '../../src/metrics/warmup.js';
import { type ClientKind, type MediaSample, MetricName, type Sample } from '../../src/run/types.js';
import type { ReportRun } from '../report-run.js';
import { warmupEndOf } from '../run-values.js';
import { roundMs, secondsSince } from './point.js';

/**
 * Where one frame's or part's latency went, ms: capture → publish (packaging: the streamer),
 * publish → last byte (delivery: network and origin), last byte → display (the player's buffer
 * and decoder). The three add up to capture_to_display exactly.
 */
export interface Stages {
  packaging: number;
  delivery: number;
  /** null when the client shows nothing (no display time). */
  buffer: number | null;
}

export interface StagePoint extends Stages {
  /** bin centre, s since the run started */
  x: number;
}

export interface LatencyBreakdown {
  run: string;
  client: ClientKind;
  /** browser: each displayed frame (in the part it arrived in); node: each part and the
   *  simulated player's display of it (estimated). */
  unit: 'frame' | 'part';
  /** mean of each stage per bin of this many s (means add up; medians would not) */
  binS: number;
  points: StagePoint[];
  /** frames/parts decomposed, and how many could not be (no publish time, part not seen). */
  count: number;
  missing: number;
  /** medians of each stage after warm-up (nearest rank), and the median of their sum: medians
   *  do not add up, so the total is stated on its own. null when nothing after warm-up. */
  medians: {
    packaging: number;
    delivery: number;
    buffer: number | null;
    total: number;
    count: number;
  } | null;
}

/** One frame's or part's stages, at its display (frame) or receive (part) instant `t`. */
export interface Decomposed extends Stages {
  t: number;
}

/** At most this many bins on the time axis: a 10-minute run in 1 s bins. */
const MAX_BINS = 600;

/** A media request that ended, with its capture and publish times. */
type Timed = MediaSample & { capture: number; publish: number; timing: { end: number } };

const timed = (s: Sample): s is Timed =>
  s.type === 'media' && s.error === null && s.capture !== null && s.publish !== null && s.timing.end !== null;

/** Browser: each frame with its part (the media request whose first-frame capture precedes the
 *  frame's, within the part's duration). */
export function frameStages(run: ReportRun): { rows: Decomposed[]; missing: number } {
  const parts = run.samples
    .filter((s): s is Timed => s.client === 'browser' && timed(s))
    .sort((a, b) => a.capture - b.capture);
  const rows: Decomposed[] = [];
  let missing = 0;
  for (const s of run.samples) {
    if (s.type !== 'frame' || s.client !== 'browser' || s.capture_to_display === null) continue;
    const capture = s.display - s.capture_to_display;
    let lo = 0;
    let hi = parts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (parts[mid]!.capture <= capture + 0.5) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const part = found < 0 ? undefined : parts[found];
    if (part === undefined || capture >= part.capture + (part.duration ?? 0) * 1000 + 1) {
      missing += 1;
      continue;
    }
    const end = part.timing.end;
    rows.push({
      t: s.display,
      packaging: part.publish - capture,
      delivery: end - part.publish,
      buffer: s.display - end,
    });
  }
  return { rows, missing };
}

/** Node: each part request, with the simulated player's display of that part when it has one. */
export function partStages(run: ReportRun): { rows: Decomposed[]; missing: number } {
  const display = new Map<string, number>();
  for (const s of run.samples) {
    if (s.type === 'playout' && s.client === 'node') display.set(`${s.viewer}/${s.msn}/${s.part}`, s.display);
  }
  const rows: Decomposed[] = [];
  let missing = 0;
  for (const s of run.samples) {
    if (s.type !== 'media' || s.client !== 'node' || s.error !== null) continue;
    if (!timed(s)) {
      missing += 1;
      continue;
    }
    const end = s.timing.end;
    const shown = display.get(`${s.viewer}/${s.msn}/${s.part}`);
    rows.push({
      t: s.t,
      packaging: s.publish - s.capture,
      delivery: end - s.publish,
      buffer: shown === undefined ? null : shown - end,
    });
  }
  return { rows, missing };
}

/**
 * Where the latency goes, per client of a run: the three stages of every frame (browser) or part
 * (node) over time, in bins, and their medians after warm-up. Clients with nothing to decompose
 * (a server without publish times) are returned with count 0 and the reason in `missing`. Pure.
 */
export function latencyBreakdown(run: ReportRun): LatencyBreakdown[] {
  const out: LatencyBreakdown[] = [];
  const span = Math.max(1, (run.endedAt - run.startedAt) / 1000);
  const binS = Math.max(0.1, Math.ceil((span / MAX_BINS) * 10) / 10);
  for (const c of run.summary.clients) {
    const { rows, missing } = c.client === 'browser' ? frameStages(run) : partStages(run);
    if (rows.length === 0 && missing === 0) continue;
    const bins = new Map<number, { n: number; nb: number; p: number; d: number; b: number }>();
    for (const r of rows) {
      const bin = Math.floor(secondsSince(run.startedAt, r.t) / binS);
      const acc = bins.get(bin) ?? { n: 0, nb: 0, p: 0, d: 0, b: 0 };
      acc.n += 1;
      acc.p += r.packaging;
      acc.d += r.delivery;
      if (r.buffer !== null) {
        acc.nb += 1;
        acc.b += r.buffer;
      }
      bins.set(bin, acc);
    }
    const points = [...bins.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([bin, a]) => ({
        x: Math.round((bin + 0.5) * binS * 1000) / 1000,
        packaging: roundMs(a.p / a.n),
        delivery: roundMs(a.d / a.n),
        buffer: a.nb === 0 ? null : roundMs(a.b / a.nb),
      }));
    const warm = warmupEndOf(run, c.client);
    const metric = c.client === 'browser' ? MetricName.CaptureToDisplay : MetricName.CaptureToLastByte;
    const after = rows.filter((r) => countsInStatistics(metric, r.t, warm));
    const buffers = after.flatMap((r) => (r.buffer === null ? [] : [r.buffer]));
    const p = median(after.map((r) => r.packaging));
    const d = median(after.map((r) => r.delivery));
    const total = median(after.map((r) => r.packaging + r.delivery + (r.buffer ?? 0)));
    out.push({
      run: run.label,
      client: c.client,
      unit: c.client === 'browser' ? 'frame' : 'part',
      binS,
      points,
      count: rows.length,
      missing,
      medians:
        p === null || d === null || total === null
          ? null
          : { packaging: p, delivery: d, buffer: median(buffers), total, count: after.length },
    });
  }
  return out;
}
