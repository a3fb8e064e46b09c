import type { Segment } from './media-types.js';
import type { AdvertisedValues } from './packager-options.js';

/** The `_HLS_*` delivery directives of a playlist request, parsed. `_HLS_part` comes only with
 *  `_HLS_msn` (parsePlaylistRequest refuses it alone), so nothing after the parser checks again. */
export type PlaylistRequest = { skip?: 'YES' | 'v2' } & (
  | { msn?: undefined; part?: undefined }
  | { msn: number; part?: number }
);

export type ParseResult = { ok: true; request: PlaylistRequest } | { ok: false; reason: string };

const DECIMAL = /^\d{1,15}$/;

/**
 * Parses `_HLS_msn`, `_HLS_part` and `_HLS_skip` from a query string. Bad values (not a decimal
 * integer, repeated, unknown skip value) are reported, for a 400.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.1
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export function parsePlaylistRequest(params: URLSearchParams): ParseResult {
  const request: { msn?: number; part?: number; skip?: 'YES' | 'v2' } = {};
  for (const name of ['_HLS_msn', '_HLS_part'] as const) {
    const values = params.getAll(name);
    if (values.length === 0) continue;
    const value = values[0]!;
    if (values.length > 1 || !DECIMAL.test(value)) {
      return {
        ok: false,
        reason: `${name} must be one decimal integer, got ${JSON.stringify(values.join(','))}`,
      };
    }
    if (name === '_HLS_msn') request.msn = Number(value);
    else request.part = Number(value);
  }
  const skips = params.getAll('_HLS_skip');
  if (skips.length > 0) {
    const value = skips[0]!;
    if (skips.length > 1 || (value !== 'YES' && value !== 'v2')) {
      return { ok: false, reason: `_HLS_skip must be YES or v2, got ${JSON.stringify(skips.join(','))}` };
    }
    request.skip = value;
  }
  // 6.2.5.2: "_HLS_part ... a request containing it without _HLS_msn is malformed".
  const { msn, part, skip } = request;
  if (msn === undefined) {
    if (part !== undefined) return { ok: false, reason: '_HLS_part requires _HLS_msn' };
    return { ok: true, request: skip === undefined ? {} : { skip } };
  }
  return {
    ok: true,
    request: { msn, ...(part === undefined ? {} : { part }), ...(skip === undefined ? {} : { skip }) },
  };
}

/** What a held playlist request can become. */
export const ReloadDecision = {
  Now: 'now',
  Wait: 'wait',
  BadRequest: 'bad-request',
  Unavailable: 'unavailable',
} as const;
/**
 * - `now`: answer with the playlist as it is;
 * - `wait`: hold the request until segment `msn` (or its part `part`) exists; `msn` null: until
 *   anything is published (a plain request before the first playlist);
 * - `bad-request`: 400 at once, with the reason;
 * - `unavailable`: 503 with the reason (shutting down, or not there within the deadline);
 *   `retryAfter` seconds for the Retry-After header when waiting again may help.
 */
export type ReloadDecision =
  | { kind: typeof ReloadDecision.Now }
  | { kind: typeof ReloadDecision.Wait; msn: number | null; part: number | null }
  | { kind: typeof ReloadDecision.BadRequest; reason: string }
  | { kind: typeof ReloadDecision.Unavailable; reason: string; retryAfter?: number };

/** What the decision reads of the media window (streamer/origin/served-media.ts ServedWindow). */
export interface ReloadWindow {
  readonly segments: readonly Segment[];
  readonly listParts: boolean;
  readonly advertised: AdvertisedValues | null;
  hasPart(msn: number, index: number): boolean;
  hasSegment(msn: number): boolean;
}

/** Where a request stands: how long it has been held, its deadline, and the server's state. */
export interface ReloadMoment {
  heldMs: number;
  /** holdLimitMs(...) when the request arrived. */
  limitMs: number;
  shuttingDown: boolean;
}

/** A request held this long gets 503: 3 target durations (6.2.5.2: a server "SHOULD" answer
 *  within that), from the asked segment duration until TARGETDURATION is advertised. */
export function holdLimitMs(advertised: AdvertisedValues | null, segmentTarget: number): number {
  return 3 * (advertised?.targetDuration ?? Math.ceil(segmentTarget)) * 1000;
}

/**
 * The blocking playlist reload, whole: answer now, wait, 400 or 503. Called when the request
 * arrives, on every change of the window while it is held, at its deadline and at shutdown; the
 * origin wires those events and timers and does what this says.
 * - `_HLS_msn=M`: hold until segment M is complete (or a later one exists);
 * - `_HLS_msn=M&_HLS_part=P`: hold until part P of M exists; a P past a complete segment's last
 *   part means part 0 of the next segment;
 * - M more than 2 beyond the last segment in the playlist, or P beyond the Advance Part Limit
 *   (3 / PART-TARGET parts, or 3 when PART-TARGET >= 1 s) past the last part: 400 at once;
 * - a request without directives before anything is published waits like a blocking one;
 * - still waiting at the deadline: 503 with Retry-After; shutting down: 503.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export function decideReload(
  window: ReloadWindow,
  request: PlaylistRequest,
  moment: ReloadMoment = { heldMs: 0, limitMs: Number.POSITIVE_INFINITY, shuttingDown: false },
): ReloadDecision {
  if (moment.shuttingDown) return { kind: 'unavailable', reason: 'server shutting down' };
  const decision = awaited(window, request);
  if (decision.kind === 'bad-request') return decision;
  const published = window.segments.length > 0 && window.advertised !== null;
  if (decision.kind === 'now' && published) return decision;
  if (moment.heldMs >= moment.limitMs) {
    const reason = `not available within 3 target durations (${moment.limitMs / 1000} s)`;
    return { kind: 'unavailable', reason, retryAfter: 1 };
  }
  return decision.kind === 'now' ? wait(null, null) : decision;
}

/** What the request waits for, or why it is refused; `now` when that exists already. */
function awaited(window: ReloadWindow, request: PlaylistRequest): ReloadDecision {
  const { msn } = request;
  let part = request.part;
  if (msn === undefined) return { kind: 'now' };
  if (part !== undefined && !window.listParts) return bad('_HLS_part on a playlist without parts');
  const advertised = window.advertised;
  const last = window.segments.at(-1);
  if (last === undefined || advertised === null) {
    // Nothing published yet: limits cannot be checked; the first segments have small numbers.
    return msn > 2
      ? bad(`_HLS_msn=${msn} is more than 2 beyond the stream's start`)
      : wait(msn, part ?? null);
  }
  if (msn > last.msn + 2) {
    return bad(`_HLS_msn=${msn} is more than 2 beyond the last media sequence number ${last.msn}`);
  }
  if (part === undefined) return window.hasSegment(msn) ? { kind: 'now' } : wait(msn, null);
  let target = msn;
  const known = window.segments.find((s) => s.msn === msn);
  if (known?.complete === true && part >= known.parts.length) {
    target = msn + 1;
    part = 0;
  }
  const lastIndex = last.parts.length - 1;
  const perSegment = Math.max(1, Math.ceil(advertised.targetDuration / (advertised.partTarget ?? 1)));
  const ahead =
    target === last.msn
      ? part - lastIndex
      : target > last.msn
        ? perSegment - 1 - lastIndex + (target - last.msn - 1) * perSegment + part + 1
        : 0;
  if (ahead > advertised.advancePartLimit) {
    return bad(
      `_HLS_part=${request.part} is beyond the advance part limit (${advertised.advancePartLimit} parts)`,
    );
  }
  return window.hasPart(target, part) ? { kind: 'now' } : wait(target, part);
}

const bad = (reason: string): ReloadDecision => ({ kind: 'bad-request', reason });
const wait = (msn: number | null, part: number | null): ReloadDecision => ({ kind: 'wait', msn, part });
