import type { ClientKind, MediaSample, PlaylistSample } from '../../src/run/types.js';
import type { ReportRun } from '../report-run.js';
import { warmupEndOf } from '../run-values.js';
import { secondsSince } from './point.js';

export const RequestKind = {
  Playlist: 'playlist',
  BlockingPlaylist: 'blocking playlist',
  Part: 'part',
  HintedPart: 'hinted part',
  Segment: 'segment',
} as const;
export type RequestKind = (typeof RequestKind)[keyof typeof RequestKind];

/** One request of the waterfall; instants in s since the run started. */
export interface WaterfallRow {
  label: string;
  kind: RequestKind;
  start: number;
  /** Server-Timing `hold`: how long the origin held the request before answering, ms. */
  heldMs: number | null;
  firstByte: number | null;
  end: number | null;
  status: number;
  error: string | null;
}

export interface Waterfall {
  run: string;
  client: ClientKind;
  /** [from, to) in s since the run started */
  window: [number, number];
  rows: WaterfallRow[];
}

export const WATERFALL_SECONDS = 3;
const MAX_ROWS = 80;

function row(run: ReportRun, s: MediaSample | PlaylistSample): WaterfallRow {
  const at = (t: number | null): number | null => (t === null ? null : secondsSince(run.startedAt, t));
  let label: string;
  let kind: RequestKind;
  if (s.type === 'playlist') {
    const blocking = s.request.msn !== null;
    kind = blocking ? RequestKind.BlockingPlaylist : RequestKind.Playlist;
    label = blocking
      ? `playlist _HLS_msn=${s.request.msn}${s.request.part === null ? '' : ` _HLS_part=${s.request.part}`}`
      : 'playlist';
    if (s.request.skip) label += ' (delta)';
  } else if (s.kind === 'segment') {
    kind = RequestKind.Segment;
    label = `segment ${s.msn}`;
  } else {
    kind = s.hinted ? RequestKind.HintedPart : RequestKind.Part;
    label = `part ${s.msn}.${s.part}${s.hinted ? ' (preload hint)' : ''}`;
  }
  return {
    label,
    kind,
    start: at(s.timing.start) as number,
    heldMs: s.serverTiming?.['hold'] ?? null,
    firstByte: at(s.timing.firstByte),
    end: at(s.timing.end),
    status: s.status,
    error: s.error,
  };
}

/**
 * A few seconds of one client's requests (viewer 0) from the end of its warm-up: blocking
 * playlist reloads, listed and preload-hinted parts, and how long the origin held each
 * (Server-Timing). Pure.
 */
export function waterfalls(run: ReportRun, seconds = WATERFALL_SECONDS): Waterfall[] {
  const out: Waterfall[] = [];
  for (const c of run.summary.clients) {
    const requests = run.samples
      .filter(
        (s): s is MediaSample | PlaylistSample =>
          (s.type === 'media' || s.type === 'playlist') && s.client === c.client && s.viewer === 0,
      )
      .sort((a, b) => a.timing.start - b.timing.start);
    if (requests.length === 0) continue;
    const warm = warmupEndOf(run, c.client);
    const first = requests.find((r) => r.timing.start >= warm) ?? requests[0]!;
    const from = first.timing.start;
    const rows = requests
      .filter((r) => r.timing.start >= from && r.timing.start < from + seconds * 1000)
      .slice(0, MAX_ROWS)
      .map((r) => row(run, r));
    const x0 = secondsSince(run.startedAt, from);
    out.push({ run: run.label, client: c.client, window: [x0, x0 + seconds], rows });
  }
  return out;
}
