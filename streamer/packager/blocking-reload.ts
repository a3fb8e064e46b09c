import type { MediaWindow } from './media-window.js';

/** The `_HLS_*` delivery directives of a playlist request, parsed. */
export interface PlaylistRequest {
  msn?: number;
  part?: number;
  skip?: 'YES' | 'v2';
}

export type ParseResult = { ok: true; request: PlaylistRequest } | { ok: false; reason: string };

const DECIMAL = /^\d{1,15}$/;

/**
 * Parses `_HLS_msn`, `_HLS_part` and `_HLS_skip` from a query string. Bad values (not a decimal
 * integer, repeated, unknown skip value) are reported, for a 400.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.1
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export function parsePlaylistRequest(params: URLSearchParams): ParseResult {
  const request: PlaylistRequest = {};
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
  if (request.part !== undefined && request.msn === undefined) {
    return { ok: false, reason: '_HLS_part requires _HLS_msn' };
  }
  return { ok: true, request };
}

export const ReloadDecision = { Now: 'now', Wait: 'wait', BadRequest: 'bad-request' } as const;
export type ReloadDecision =
  | { kind: typeof ReloadDecision.Now }
  | { kind: typeof ReloadDecision.Wait; msn: number; part: number | null }
  | { kind: typeof ReloadDecision.BadRequest; reason: string };

/**
 * Blocking playlist reload: answer now, wait for a part or segment, or reject at once.
 * - `_HLS_msn=M`: hold until segment M is complete (or a later one exists);
 * - `_HLS_msn=M&_HLS_part=P`: hold until part P of M exists; a P past a complete segment's last
 *   part means part 0 of the next segment;
 * - M more than 2 beyond the last segment in the playlist, or P beyond the Advance Part Limit
 *   (3 / PART-TARGET parts, or 3 when PART-TARGET >= 1 s) past the last part: 400 at once.
 * @see https://datatracker.ietf.org/doc/html/draft-pantos-hls-rfc8216bis#section-6.2.5.2
 */
export function decideReload(window: MediaWindow, request: PlaylistRequest): ReloadDecision {
  const { msn } = request;
  let part = request.part;
  if (part !== undefined && msn === undefined) return bad('_HLS_part requires _HLS_msn');
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

/** Whether the awaited (msn, part) of a Wait decision is now available. */
export function reloadSatisfied(window: MediaWindow, msn: number, part: number | null): boolean {
  return part === null ? window.hasSegment(msn) : window.hasPart(msn, part);
}

const bad = (reason: string): ReloadDecision => ({ kind: 'bad-request', reason });
const wait = (msn: number, part: number | null): ReloadDecision => ({ kind: 'wait', msn, part });
