import type { Options } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import { metricValues } from '../../src/metrics/metric-values.js';
import type { Sample } from '../../src/run/types.js';
import type { ReportModel } from '../report-model.js';
import type { ReportRun } from '../report-run.js';

/** samples.csv's columns, one row per sample (documented in schemas/README.md). */
export const SAMPLE_COLUMNS = [
  'run',
  'client',
  'viewer',
  'type',
  't',
  'elapsed_s',
  'name',
  'msn',
  'part',
  'hinted',
  'status',
  'bytes',
  'start',
  'first_byte',
  'last_byte',
  'capture',
  'capture_source',
  'publish',
  'display',
  'capture_to_first_byte',
  'capture_to_last_byte',
  'delivery',
  'packaging',
  'capture_to_display',
  'capture_to_display_pdt',
  'playlist_hold',
  'estimated_display',
  'player_latency',
  'target_latency',
  'playback_rate',
  'buffer_ahead',
  'stall_ms',
  'stall_cause',
  'uri',
  'error',
] as const;
type Row = Partial<Record<(typeof SAMPLE_COLUMNS)[number], string | number | boolean | null>>;

function sampleRow(run: ReportRun, s: Sample): Row {
  const row: Row = {
    run: run.label,
    client: s.client,
    viewer: s.viewer,
    type: s.type,
    t: s.t,
    elapsed_s: Math.round(s.t - run.startedAt) / 1000,
  };
  // Every latency through the one definition of each (src/metrics).
  for (const v of metricValues(s)) {
    if (v.metric !== 'startup') (row as Record<string, unknown>)[v.metric] = v.value;
  }
  switch (s.type) {
    case 'media':
      Object.assign(row, {
        name: s.kind,
        msn: s.msn,
        part: s.part,
        hinted: s.hinted,
        status: s.status,
        bytes: s.bytes,
        start: s.timing.start,
        first_byte: s.timing.firstByte,
        last_byte: s.timing.end,
        capture: s.capture,
        capture_source: s.captureSource,
        publish: s.publish,
        uri: s.uri,
        error: s.error,
      });
      break;
    case 'playlist':
      Object.assign(row, {
        msn: s.request.msn,
        part: s.request.part,
        status: s.status,
        bytes: s.bytes,
        start: s.timing.start,
        first_byte: s.timing.firstByte,
        last_byte: s.timing.end,
        uri: s.uri,
        error: s.error,
      });
      break;
    case 'frame':
      Object.assign(row, {
        display: s.display,
        capture_source: s.captureSource,
        capture: s.capture_to_display === null ? null : s.display - s.capture_to_display,
      });
      break;
    case 'playout':
      Object.assign(row, { msn: s.msn, part: s.part, display: s.display, capture: s.capture });
      break;
    case 'player':
      Object.assign(row, {
        target_latency: s.targetLatency === null ? null : s.targetLatency * 1000,
        playback_rate: s.playbackRate,
        buffer_ahead: s.bufferAhead,
      });
      break;
    case 'stall':
      Object.assign(row, { start: s.start, stall_ms: s.durationMs, stall_cause: s.cause ?? null });
      break;
    case 'event':
      Object.assign(row, { name: s.name });
      break;
    case 'error':
      Object.assign(row, { name: s.code, uri: s.uri, error: s.message });
      break;
  }
  return row;
}

const cast = { boolean: (v: boolean): string => (v ? 'true' : 'false') };

/** samples.csv's rows: exactly one per valid sample of every run, in file order. A generator: a
 *  long run's file outgrows any string (~190 bytes a row, 512 MiB at most: 2.8 M samples, 30
 *  minutes of 100 viewers), so it is written in pieces (`samplesCsvPieces`). */
export function* sampleRows(runs: readonly ReportRun[]): Generator<Row> {
  for (const run of runs) for (const s of run.samples) yield sampleRow(run, s);
}

/** csv-stringify's options for samples.csv: a header, then the rows of `sampleRows`. */
export const SAMPLES_CSV_OPTIONS: Options = { header: true, columns: [...SAMPLE_COLUMNS], cast };

/** Rows a piece of samples.csv holds (~50 kB): a piece is a rope of strings until written, and a
 *  longer one outlived the young generation: 10 000 rows a piece spent 15 of 17 s in GC for 1 M
 *  samples, 256 rows 5 s in all. */
const ROWS_PER_PIECE = 256;

/** One field as csv-stringify writes it with SAMPLES_CSV_OPTIONS: nothing for null, booleans as
 *  words, numbers as JavaScript prints them, a string quoted when it holds `"`, `,` or a line
 *  break (its quotes doubled). */
function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return `${value}`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * samples.csv in pieces of text, the header in the first: exactly what csv-stringify writes with
 * `SAMPLES_CSV_OPTIONS` for `sampleRows` (a test holds them equal), written piece by piece
 * (write-report.ts). Formatted here rather than by csv-stringify, whose stream took 13-19 s for
 * 1 M rows (a lookup by path and a cast call per cell, one stream object per row) and 7 minutes
 * for the 11 M of a one-hour run of 100 viewers; this takes 5-6 s for 1 M.
 */
export function* samplesCsvPieces(
  runs: readonly ReportRun[],
  rowsPerPiece = ROWS_PER_PIECE,
): Generator<string> {
  let piece = `${SAMPLE_COLUMNS.join(',')}\n`;
  let rows = 0;
  for (const row of sampleRows(runs)) {
    for (let i = 0; i < SAMPLE_COLUMNS.length; i++) {
      if (i > 0) piece += ',';
      piece += csvField(row[SAMPLE_COLUMNS[i]!]);
    }
    piece += '\n';
    if (++rows < rowsPerPiece) continue;
    yield piece;
    piece = '';
    rows = 0;
  }
  if (piece !== '') yield piece;
}

export const SUMMARY_COLUMNS = [
  'run',
  'client',
  'metric',
  'unit',
  'count',
  'min',
  'mean',
  'p50',
  'p90',
  'p95',
  'p99',
  'max',
  'capture_sources',
  'relative',
  'relative_sd',
] as const;

/** summary.csv: a row per run, client and metric (the figures of summary.json). */
export function summaryCsv(model: ReportModel): string {
  const rows = model.runs.flatMap((t) =>
    t.metrics.map((m) => {
      const rel = model.relative.find(
        (c) => c.run === t.run && c.client === m.client && c.metric === m.metric,
      );
      return {
        run: t.run,
        client: m.client,
        metric: m.metric,
        unit: m.unit,
        count: m.count,
        min: m.min,
        mean: m.mean,
        p50: m.p50,
        p90: m.p90,
        p95: m.p95,
        p99: m.p99,
        max: m.max,
        capture_sources: m.captureSources.join(' '),
        relative: rel?.ratio ?? null,
        relative_sd: rel?.sd ?? null,
      };
    }),
  );
  return stringify(rows, { header: true, columns: [...SUMMARY_COLUMNS], cast });
}
