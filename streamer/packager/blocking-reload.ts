import type { Segment } from './media-types.js';
import type { AdvertisedValues } from './packager-options.js';

/**
 * A playlist request's blocking directives, parsed: the `_HLS_*` delivery directives of LL-HLS,
 * or `?wait=MS&version=N`, the blocking reload of the design before LL-HLS (the GStreamer
 * engine's short CMAF files): hold until the playlist is newer than version N (a client learns it
 * from Server-Timing `version` or /healthz `playlistVersion`), or MS ms passed, then answer the
 * playlist as it is. `_HLS_part` comes only with `_HLS_msn`, and the two designs never together
 * (parsePlaylistRequest refuses both), so nothing after the parser checks again.
 */
export type PlaylistRequest = { skip?: 'YES' | 'v2' } & (
  | { msn?: undefined; part?: undefined; version?: undefined }
  | { msn: number; part?: number; version?: undefined }
  | { msn?: undefined; part?: undefined; version: number; waitMs: number }
);

export type ParseResult = { ok: true; request: PlaylistRequest } | { ok: false; reason: string };

const DECIMAL = /^\d{1,15}$/;

/**
 * Parses `_HLS_msn`, `_HLS_part`, `_HLS_skip`, `wait` and `version` from a query string. Bad
 * values (not a decimal integer, repeated, unknown skip value, `wait` beyond `maxWaitMs`, the
 * origin's hold limit) are reported, for a 400.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.1
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export function parsePlaylistRequest(params: URLSearchParams, maxWaitMs: number): ParseResult {
  const request: { msn?: number; part?: number; skip?: 'YES' | 'v2' } = {};
  for (const name of ['_HLS_msn', '_HLS_part'] as const) {
    const values = params.getAll(name);
    const value = values[0];
    if (value === undefined) continue;
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
  const skip = skips[0];
  if (skip !== undefined) {
    if (skips.length > 1 || (skip !== 'YES' && skip !== 'v2')) {
      return { ok: false, reason: `_HLS_skip must be YES or v2, got ${JSON.stringify(skips.join(','))}` };
    }
    request.skip = skip;
  }
  const skipped = request.skip === undefined ? {} : { skip: request.skip };
  const { msn, part } = request;
  if (msn === undefined) {
    // 6.2.5.2: "_HLS_part ... a request containing it without _HLS_msn is malformed".
    if (part !== undefined) return { ok: false, reason: '_HLS_part requires _HLS_msn' };
  }
  const version = parseVersionWait(params, maxWaitMs);
  if (!version.ok) return version;
  if (version.wait !== null) return { ok: true, request: { ...version.wait, ...skipped } };
  if (msn === undefined) return { ok: true, request: skipped };
  return { ok: true, request: { msn, ...(part === undefined ? {} : { part }), ...skipped } };
}

/** `wait` and `version`: neither (null), or both, each one decimal integer, never with `_HLS_msn`
 *  (two ways of blocking at once), `wait` within the hold limit. */
function parseVersionWait(
  params: URLSearchParams,
  maxWaitMs: number,
): { ok: true; wait: { waitMs: number; version: number } | null } | { ok: false; reason: string } {
  const wait = params.getAll('wait');
  const version = params.getAll('version');
  if (wait.length === 0 && version.length === 0) return { ok: true, wait: null };
  const one = (name: string, values: string[]): number | string => {
    const value = values[0];
    if (values.length === 1 && value !== undefined && DECIMAL.test(value)) return Number(value);
    return `${name} must be one decimal integer (wait in ms), got ${JSON.stringify(values.join(','))}; ?wait=500&version=N`;
  };
  const waitMs = one('wait', wait);
  if (typeof waitMs === 'string') return { ok: false, reason: waitMs };
  const newerThan = one('version', version);
  if (typeof newerThan === 'string') return { ok: false, reason: newerThan };
  if (params.has('_HLS_msn')) {
    return { ok: false, reason: 'wait/version and _HLS_msn are two blocking reloads: use one' };
  }
  if (waitMs > maxWaitMs) {
    return {
      ok: false,
      reason: `wait=${waitMs} is beyond the hold limit of ${maxWaitMs} ms (3 target durations)`,
    };
  }
  return { ok: true, wait: { waitMs, version: newerThan } };
}

const PLAIN_MSN = '_HLS_msn=';
const PLAIN_PART = '_HLS_part=';
const PLAIN_SKIP = '_HLS_skip=';

/**
 * The query of a playlist request as LL-HLS clients send it: only `_HLS_msn`, `_HLS_part` and
 * `_HLS_skip`, each at most once, plain decimal integers and `YES`/`v2`, `_HLS_part` with
 * `_HLS_msn`. Read by index, without a URLSearchParams per request (the origin's hot path).
 * Anything else (other names, escapes, repeats, bad values) is null: `parsePlaylistRequest`
 * decides it and gives the reasons. Where both answer they agree (blocking-reload.test.ts).
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.1
 */
export function parsePlainDirectives(query: string): PlaylistRequest | null {
  let msn: number | undefined;
  let part: number | undefined;
  let skip: 'YES' | 'v2' | undefined;
  let start = 0;
  while (start < query.length) {
    let end = query.indexOf('&', start);
    if (end < 0) end = query.length;
    if (query.startsWith(PLAIN_MSN, start) && msn === undefined) {
      msn = plainDecimal(query, start + PLAIN_MSN.length, end);
      if (msn === undefined) return null;
    } else if (query.startsWith(PLAIN_PART, start) && part === undefined) {
      part = plainDecimal(query, start + PLAIN_PART.length, end);
      if (part === undefined) return null;
    } else if (query.startsWith(PLAIN_SKIP, start) && skip === undefined) {
      const value = query.slice(start + PLAIN_SKIP.length, end);
      if (value !== 'YES' && value !== 'v2') return null;
      skip = value;
    } else {
      return null;
    }
    start = end + 1;
  }
  if (query.endsWith('&')) return null;
  if (msn === undefined) return part !== undefined ? null : skip === undefined ? {} : { skip };
  const request: PlaylistRequest = part === undefined ? { msn } : { msn, part };
  if (skip !== undefined) request.skip = skip;
  return request;
}

/** The decimal integer (1 to 15 digits) in query[from, to), else undefined. */
function plainDecimal(query: string, from: number, to: number): number | undefined {
  if (to <= from || to - from > 15) return undefined;
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const digit = query.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
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
 *   anything is published (a plain request before the first playlist); or, `?wait=&version=`,
 *   until the playlist is newer than version `newerThan`. `untilMs`: how long after its arrival
 *   the request is held at most; decide again then (`heldMs` = `untilMs`);
 * - `bad-request`: 400 at once, with the reason;
 * - `unavailable`: 503 with the reason (shutting down, or not there within the deadline);
 *   `retryAfter` seconds for the Retry-After header when waiting again may help.
 */
export type ReloadDecision =
  | { kind: typeof ReloadDecision.Now }
  | { kind: typeof ReloadDecision.Wait; msn: number | null; part: number | null; untilMs: number }
  | { kind: typeof ReloadDecision.Wait; newerThan: number; untilMs: number }
  | { kind: typeof ReloadDecision.BadRequest; reason: string }
  | { kind: typeof ReloadDecision.Unavailable; reason: string; retryAfter?: number };

/** What the decision reads of the media window (streamer/origin/served-media.ts ServedWindow). */
export interface ReloadWindow {
  readonly segments: readonly Segment[];
  readonly listParts: boolean;
  readonly advertised: AdvertisedValues | null;
  /** Increases on every change of the window (`?wait=&version=` compares with it). */
  readonly version: number;
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
 * - still waiting at the deadline: 503 with Retry-After; shutting down: 503;
 * - `?wait=MS&version=N`: hold until a published playlist is newer than version N; at MS the
 *   playlist as it is (200, not 503); nothing published yet: held to the deadline like the rest.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export function decideReload(
  window: ReloadWindow,
  request: PlaylistRequest,
  moment: ReloadMoment = { heldMs: 0, limitMs: Number.POSITIVE_INFINITY, shuttingDown: false },
): ReloadDecision {
  if (moment.shuttingDown) return { kind: 'unavailable', reason: 'server shutting down' };
  const published = window.segments.length > 0 && window.advertised !== null;
  const decision = awaited(window, request, published, moment.heldMs);
  if (decision.kind === 'bad-request') return decision;
  if (decision.kind === 'now' && published) return decision;
  if (moment.heldMs >= moment.limitMs) {
    const reason = `not available within 3 target durations (${moment.limitMs / 1000} s)`;
    return { kind: 'unavailable', reason, retryAfter: 1 };
  }
  if (decision.kind === 'now') return { kind: 'wait', msn: null, part: null, untilMs: moment.limitMs };
  // A version wait ends at its own `wait` once there is a playlist to answer with.
  const untilMs = request.version !== undefined && published ? request.waitMs : moment.limitMs;
  // Built member by member (a spread copy is slower, and this runs for every held request).
  return 'newerThan' in decision
    ? { kind: 'wait', newerThan: decision.newerThan, untilMs }
    : { kind: 'wait', msn: decision.msn, part: decision.part, untilMs };
}

type Awaited =
  | { kind: 'now' }
  | { kind: 'wait'; msn: number; part: number | null }
  | { kind: 'wait'; newerThan: number }
  | { kind: 'bad-request'; reason: string };

/** What the request waits for (decideReload adds until when), or why it is refused; `now` when
 *  that exists already. */
function awaited(
  window: ReloadWindow,
  request: PlaylistRequest,
  published: boolean,
  heldMs: number,
): Awaited {
  if (request.version !== undefined) {
    const answered = published && (window.version > request.version || heldMs >= request.waitMs);
    return answered ? { kind: 'now' } : { kind: 'wait', newerThan: request.version };
  }
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

const bad = (reason: string): Awaited => ({ kind: 'bad-request', reason });
const wait = (msn: number, part: number | null): Awaited => ({ kind: 'wait', msn, part });
